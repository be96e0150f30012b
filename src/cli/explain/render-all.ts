import { accessSummary } from '../../core/explain/access.js';
import { ms } from '../../core/explain/format.js';
import type { ExplainReport } from '../../core/explain/report.js';
import type { Theme } from '../theme.js';

export interface AllRow {
  label: string;
  report?: ExplainReport;
  error?: string;
}

/** The --all summary: one row per spec query, its time, how it reads its tables and its top finding. */
export async function renderAllSummary(rows: AllRow[], theme: Theme): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: ['query', 'time', 'plan', 'findings'],
    style: { head: theme.enabled ? ['cyan'] : [], border: theme.enabled ? ['grey'] : [] },
    colWidths: [20, 10, 28, 20],
    wordWrap: true,
  });
  for (const row of rows) {
    if (!row.report) {
      table.push([row.label, theme.error('failed'), { colSpan: 2, content: row.error ?? '' }]);
      continue;
    }
    const { summary } = row.report.plan;
    const time = summary.executionMs !== undefined ? ms(summary.executionMs) : row.report.mode;
    const findings = row.report.findings;
    const text = findings.length === 0 ? theme.ok('none') : `${findings.length}: ${findings.map((f) => f.rule).join(', ')}`;
    table.push([row.label, time, accessSummary(row.report.plan), text]);
  }
  return table.toString();
}
