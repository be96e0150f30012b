import { formatBytes } from '../../util/text.js';
import { displayWidth, truncate, wrapText } from '../../util/width.js';
import type { TuneReview } from '../../core/tune/review.js';
import type { Machine, Recommendation } from '../../core/tune/types.js';
import type { Theme } from '../theme.js';

export interface TuneResult extends TuneReview {
  target: string;
  versionNum: number;
  machine: Machine;
  reviewedAt: string;
}

export const TUNE_JSON_VERSION = 1;

/** Exit 1 when a warning-level change is recommended (for CI); notices alone are 0. */
export function tuneExitCode(result: TuneResult): number {
  return result.recommendations.some((r) => r.severity !== 'notice') ? 1 : 0;
}

export function tuneJson(result: TuneResult) {
  return {
    version: TUNE_JSON_VERSION,
    target: result.target,
    server: { version_num: result.versionNum },
    machine: {
      memory_bytes: result.machine.memoryBytes ?? null,
      cpus: result.machine.cpus ?? null,
      storage: result.machine.storage,
      workload: result.machine.workload,
      source: result.machine.source,
    },
    reviewed_at: result.reviewedAt,
    recommendations: result.recommendations.map((r) => ({
      id: r.id,
      severity: r.severity,
      subject: r.subject,
      setting: r.setting,
      current: r.current,
      proposed: r.proposed,
      restart: r.restart,
      message: r.message,
      evidence: r.evidence,
      risk: r.risk,
      help: r.help,
      sql: r.sql,
    })),
    not_reviewed: result.notReviewed,
    summary: { recommendations: result.recommendations.length, restart_needed: result.recommendations.filter((r) => r.restart).length },
  };
}

/** The script for `--sql`: every statement commented with what it changes; nothing runs until a person runs it. */
export function tuneSql(result: TuneResult): string {
  const lines = [
    `-- perfctl tune for ${result.target}, reviewed ${result.reviewedAt}`,
    '-- Nothing here has been applied. Read each change, then run the script with psql as a superuser.',
  ];
  if (result.recommendations.length === 0) return [...lines, '-- No changes to recommend.', ''].join('\n');
  const restart: string[] = [];
  for (const r of result.recommendations) {
    lines.push('', `-- ${r.subject}: ${r.current} → ${r.proposed}${r.restart ? ' (needs a restart)' : ''}`, `--   ${r.message}`, `--   risk: ${r.risk}`);
    if (r.sql) lines.push(r.sql);
    else lines.push(`--   ${r.help}`);
    if (r.restart) restart.push(r.setting);
  }
  if (result.recommendations.some((r) => r.sql?.startsWith('ALTER SYSTEM') && !r.restart)) lines.push('', 'SELECT pg_catalog.pg_reload_conf();');
  if (restart.length > 0) lines.push(`-- Then restart the server for: ${restart.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function tuneText(result: TuneResult, theme: Theme, columns: number): string[] {
  const width = Math.max(40, Math.min(columns, 120));
  const m = result.machine;
  const out = [
    theme.bold(`Settings review of ${result.target}`),
    wrap(
      `${m.memoryBytes ? `${formatBytes(m.memoryBytes)} memory (${m.source.memory})` : 'memory unknown'}, ${m.cpus ? `${m.cpus} cores (${m.source.cpus})` : 'cores unknown'}, ` +
        `${m.storage} storage (${m.source.storage}), ${m.workload} workload`,
      width,
      '  ',
    ),
    '',
  ];
  if (result.recommendations.length === 0) {
    out.push(theme.ok('✓ nothing to change: the settings fit the machine and the workload it has seen'));
  } else {
    out.push(...table(result.recommendations, width), '');
    for (const r of result.recommendations) out.push(...detail(r, theme, width));
  }
  if (result.notReviewed.length > 0) {
    out.push(theme.bold('Not reviewed'));
    for (const n of result.notReviewed) out.push(...wrap(`${n.rule}: ${n.reason}`, width, '  ', '    ').split('\n'));
    out.push('');
  }
  const restarts = result.recommendations.filter((r) => r.restart).length;
  const closing =
    result.recommendations.length === 0
      ? 'Nothing was changed.'
      : `${result.recommendations.length} change(s)${restarts ? `, ${restarts} needing a restart` : ''}. Nothing was changed; \`perfctl tune --sql\` prints the script.`;
  out.push(theme.dim(wrap(closing, width)));
  return out.flatMap((s) => s.split('\n'));
}

function table(recs: Recommendation[], width: number): string[] {
  const head = ['setting', 'current', 'proposed', 'restart'];
  const rows = recs.map((r) => [r.subject === r.setting ? r.setting : `${r.subject} (${r.setting})`, r.current, r.proposed, r.restart ? 'yes' : 'no']);
  const fixed = 7 + 3 * 3;
  const valueWidth = Math.min(22, Math.max(8, ...rows.map((r) => Math.max(displayWidth(r[1]!), displayWidth(r[2]!)))));
  const nameWidth = Math.max(12, Math.min(Math.max(7, ...rows.map((r) => displayWidth(r[0]!))), width - fixed - 2 * valueWidth - 2));
  const pad = (s: string, n: number) => { const t = truncate(s, n); return t + ' '.repeat(Math.max(0, n - displayWidth(t))); };
  const line = (cells: string[]) => `  ${pad(cells[0]!, nameWidth)}   ${pad(cells[1]!, valueWidth)}   ${pad(cells[2]!, valueWidth)}   ${cells[3]}`.trimEnd();
  return [line(head), ...rows.map(line)];
}

function detail(r: Recommendation, theme: Theme, width: number): string[] {
  const mark = r.severity === 'notice' ? theme.dim('·') : theme.warn('!');
  return [
    wrap(`${mark} ${theme.bold(r.subject)}: ${r.message}`, width, '', '    '),
    wrap(`risk: ${r.risk}`, width, '    ', '      '),
    wrap(theme.dim(`→ ${r.help}`), width, '    ', '      '),
    '',
  ].flatMap((s) => s.split('\n'));
}

function wrap(text: string, width: number, indent = '', hanging = indent): string {
  return wrapText(text, width, indent, hanging).join('\n');
}
