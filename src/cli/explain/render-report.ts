import { describeNode, ms } from '../../core/explain/format.js';
import type { ExplainReport } from '../../core/explain/report.js';
import type { Finding } from '../../core/explain/types.js';
import { wrapText } from '../../util/width.js';
import type { Theme } from '../theme.js';
import { renderPlanTree } from './render-tree.js';

const MODE_TEXT: Record<ExplainReport['mode'], string> = {
  analyze: 'EXPLAIN ANALYZE, rolled back',
  estimate: 'estimates only, not executed',
  generic: 'generic plan: estimates only, no parameter values',
  file: 'from a file',
};

/** Header, plan tree, findings: the human output of one explained statement, every line within `width` columns. */
export function renderReport(report: ExplainReport, theme: Theme, width: number): string[] {
  const { summary } = report.plan;
  const timing = [
    summary.executionMs !== undefined ? `execution ${ms(summary.executionMs)}` : undefined,
    summary.planningMs !== undefined ? `planning ${ms(summary.planningMs)}` : undefined,
    summary.jit ? `JIT ${ms(summary.jit.totalMs)}` : undefined,
  ].filter(Boolean);
  const header = `${theme.bold(report.label)} ${theme.dim(`(${MODE_TEXT[report.mode]})`)}${timing.length ? `  ${timing.join(' · ')}` : ''}`;
  const lines = [...wrapText(header, width, '', '  '), ''];
  lines.push(...renderPlanTree(report.plan, report.findings, theme, width));
  for (const trigger of summary.triggers) {
    lines.push(...wrapText(`trigger ${trigger.name}${trigger.relation ? ` on ${trigger.relation}` : ''}: ${ms(trigger.timeMs)}, ${trigger.calls} calls`, width, '', '  ').map(theme.dim));
  }
  if (summary.settings) lines.push(...wrapText(`settings: ${Object.entries(summary.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`, width, '', '  ').map(theme.dim));
  lines.push('');
  lines.push(...renderFindings(report, theme, width));
  return lines;
}

export function renderFindings(report: ExplainReport, theme: Theme, width = 80): string[] {
  if (report.findings.length === 0) {
    // Rules on timing and actual rows stay silent on a plan that was not run: say so only then.
    const why = report.plan.summary.analyzed ? '' : ' (rules on timing and actual rows need EXPLAIN ANALYZE)';
    return wrapText(`${theme.ok('✓')} no findings${theme.dim(why)}`, width, '', '  ');
  }
  const lines = [theme.bold(`Findings (${report.findings.length})`)];
  for (const f of report.findings) lines.push(...renderFinding(f, report, theme, width));
  return lines;
}

function renderFinding(f: Finding, report: ExplainReport, theme: Theme, width: number): string[] {
  const mark = f.severity === 'high' ? theme.error('✗') : f.severity === 'medium' ? theme.warn('!') : theme.dim('·');
  const node = f.nodeId === undefined ? undefined : report.plan.nodes[f.nodeId];
  return [
    ...wrapText(`${mark} ${theme.bold(f.rule)}${node ? theme.dim(`  ${describeNode(node)}`) : ''}`, width, '', '    '),
    ...wrapText(f.message, width, '  '),
    ...wrapText(`→ ${f.help}`, width, '  ', '    ').map(theme.accent),
  ];
}
