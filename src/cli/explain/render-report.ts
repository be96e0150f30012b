import { describeNode, ms } from '../../core/explain/format.js';
import type { ExplainReport } from '../../core/explain/report.js';
import type { Finding } from '../../core/explain/types.js';
import type { Theme } from '../theme.js';
import { renderPlanTree } from './render-tree.js';

const MODE_TEXT: Record<ExplainReport['mode'], string> = {
  analyze: 'EXPLAIN ANALYZE, rolled back',
  estimate: 'estimates only, not executed',
  generic: 'generic plan: estimates only, no parameter values',
  file: 'from a file',
};

/** Header, plan tree, findings: the human output of one explained statement. */
export function renderReport(report: ExplainReport, theme: Theme, width: number): string[] {
  const { summary } = report.plan;
  const timing = [
    summary.executionMs !== undefined ? `execution ${ms(summary.executionMs)}` : undefined,
    summary.planningMs !== undefined ? `planning ${ms(summary.planningMs)}` : undefined,
    summary.jit ? `JIT ${ms(summary.jit.totalMs)}` : undefined,
  ].filter(Boolean);
  const lines = [`${theme.bold(report.label)} ${theme.dim(`(${MODE_TEXT[report.mode]})`)}${timing.length ? `  ${timing.join(' · ')}` : ''}`, ''];
  lines.push(...renderPlanTree(report.plan, report.findings, theme, width));
  for (const trigger of summary.triggers) lines.push(theme.dim(`trigger ${trigger.name}${trigger.relation ? ` on ${trigger.relation}` : ''}: ${ms(trigger.timeMs)}, ${trigger.calls} calls`));
  if (summary.settings) lines.push(theme.dim(`settings: ${Object.entries(summary.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`));
  lines.push('');
  lines.push(...renderFindings(report, theme));
  return lines;
}

export function renderFindings(report: ExplainReport, theme: Theme): string[] {
  if (report.findings.length === 0) {
    return [`${theme.ok('✓')} no findings${report.plan.summary.analyzed ? '' : theme.dim(' (rules on timing and actual rows need EXPLAIN ANALYZE)')}`];
  }
  const lines = [theme.bold(`Findings (${report.findings.length})`)];
  for (const f of report.findings) lines.push(...renderFinding(f, report, theme));
  return lines;
}

function renderFinding(f: Finding, report: ExplainReport, theme: Theme): string[] {
  const mark = f.severity === 'high' ? theme.error('✗') : f.severity === 'medium' ? theme.warn('!') : theme.dim('·');
  const node = f.nodeId === undefined ? undefined : report.plan.nodes[f.nodeId];
  return [
    `${mark} ${theme.bold(f.rule)}${node ? theme.dim(`  ${describeNode(node)}`) : ''}`,
    `  ${f.message}`,
    `  ${theme.accent(`→ ${f.help}`)}`,
  ];
}
