import { accessSummary } from '../../core/explain/access.js';
import { ms } from '../../core/explain/format.js';
import type { ExplainReport } from '../../core/explain/report.js';
import { renderTable, type Cell, type Column } from '../../ui/table.js';
import type { Theme } from '../theme.js';

export interface AllRow {
  label: string;
  report?: ExplainReport;
  error?: string;
}

const COLUMNS: Column[] = [{ head: 'query' }, { head: 'time', align: 'right' }, { head: 'plan', flex: 'wrap' }, { head: 'findings', flex: 'wrap' }];

/** The --all summary: one row per spec query, its time, how it reads its tables and its top finding. */
export function renderAllSummary(rows: AllRow[], theme: Theme, layout: { width: number; expanded?: boolean }): string {
  const cells: Cell[][] = rows.map((row) => {
    if (!row.report) return [row.label, { text: 'failed', style: theme.error }, row.error ?? '', ''];
    const { summary } = row.report.plan;
    const time = summary.executionMs !== undefined ? ms(summary.executionMs) : row.report.mode;
    const findings = row.report.findings;
    const text: Cell = findings.length === 0 ? { text: 'none', style: theme.ok } : `${findings.length}: ${findings.map((f) => f.rule).join(', ')}`;
    return [row.label, time, accessSummary(row.report.plan), text];
  });
  return renderTable(COLUMNS, cells, { ...layout, border: theme.dim, head: theme.accent });
}
