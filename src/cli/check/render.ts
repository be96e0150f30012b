import type { CheckReport } from '../../core/check/run.js';
import type { CheckResult, Verdict } from '../../core/check/types.js';
import type { Theme } from '../theme.js';

const MARK: Record<Verdict, string> = { pass: '✓ pass', fail: '✗ FAIL', warn: '! warn', skip: '- skip' };

/** One line per result (verdict, check, message); failures expanded with the plan excerpt and the hint; then the counts. */
export function renderCheck(report: CheckReport, theme: Theme, options: { quiet: boolean; header: string }): string[] {
  const lines = [theme.bold(options.header), ''];
  const width = Math.max(...report.results.map((r) => r.check.length), 10);
  for (const r of report.results) {
    if (options.quiet && r.verdict === 'pass') continue;
    lines.push(`${style(r.verdict, theme)(MARK[r.verdict])}  ${theme.dim(r.check.padEnd(width))}  ${r.message}`);
    if (r.verdict === 'fail' || r.verdict === 'warn') lines.push(...expanded(r, theme, width));
  }
  lines.push('', summary(report, theme));
  return lines;
}

function expanded(r: CheckResult, theme: Theme, width: number): string[] {
  const pad = ' '.repeat(width + 10);
  const lines = r.detail.map((d) => `${pad}${theme.dim(d)}`);
  if (r.help) lines.push(`${pad}${theme.accent(`hint: ${r.help}`)}`);
  return lines;
}

export function summary(report: CheckReport, theme: Theme): string {
  const c = report.counts;
  const parts = [theme.ok(`${c.pass} passed`), c.fail ? theme.error(`${c.fail} failed`) : `${c.fail} failed`, c.warn ? theme.warn(`${c.warn} warning${c.warn === 1 ? '' : 's'}`) : '0 warnings', `${c.skip} skipped`];
  return `${report.passed ? theme.ok('check passed') : theme.error('check failed')}: ${parts.join(', ')}`;
}

function style(verdict: Verdict, theme: Theme): (s: string) => string {
  return verdict === 'pass' ? theme.ok : verdict === 'fail' ? theme.error : verdict === 'warn' ? theme.warn : theme.dim;
}
