import type { BlockingNode } from '../../core/report/blocking.js';
import type { Report } from '../../core/report/build.js';
import { percent } from '../../core/report/facts.js';
import type { Row, Section } from '../../core/report/section.js';
import type { Finding, SectionId, Severity } from '../../core/report/types.js';
import { formatBytes, formatDuration, formatTimestamp, groupThousands } from '../../util/text.js';
import type { Context } from '../context.js';
import type { Theme } from '../theme.js';

type Column = [head: string, cell: (row: Row) => string];

const ms = (key: string): Column[1] => (r) => (typeof r[key] === 'number' ? formatDuration(r[key] as number) : '');
const bytes = (key: string): Column[1] => (r) => (typeof r[key] === 'number' ? formatBytes(r[key] as number) : '');
const count = (key: string): Column[1] => (r) => (typeof r[key] === 'number' ? groupThousands(r[key] as number) : '');
const pct = (key: string): Column[1] => (r) => (typeof r[key] === 'number' ? percent(r[key] as number) : '');
const text = (key: string): Column[1] => (r) => (r[key] === null || r[key] === undefined ? '' : Array.isArray(r[key]) ? (r[key] as string[]).join(', ') : String(r[key]));
const date = (key: string): Column[1] => (r) => (typeof r[key] === 'string' ? formatTimestamp(r[key] as string) : 'never');

function columns(id: SectionId, sql: Column[1]): Column[] {
  const table: Record<Exclude<SectionId, 'targets'>, Column[]> = {
    'slow-queries': [['total', ms('total_ms')], ['calls', count('calls')], ['mean', ms('mean_ms')], ['max', (r) => (r.max_ms === null ? 'n/a' : ms('max_ms')(r))], ['rows', count('rows')], ['time share', pct('share_of_time')], ['hit', pct('hit_ratio')], ['temp blks', count('temp_blks_written')], ['queryid', text('queryid')], ['query', sql]],
    'n-plus-one': [['calls', count('calls')], ['mean', ms('mean_ms')], ['rows/call', text('rows_per_call')], ['total', ms('total_ms')], ['queryid', text('queryid')], ['query', sql]],
    indexes: [['index', text('index')], ['method', text('method')], ['size', bytes('bytes')], ['scans', count('scans')], ['bloat (est.)', bytes('estimated_bloat_bytes')], ['last scan', (r) => (r.last_scan ? date('last_scan')(r) : '')], ['issues', text('issues')]],
    tables: [['table', text('table')], ['rows', count('live_rows')], ['dead', count('dead_rows')], ['size', bytes('total_bytes')], ['seq scans', count('seq_scans')], ['seq share', pct('seq_share')], ['bloat (est.)', bytes('estimated_bloat_bytes')], ['changed since analyze', count('modified_since_analyze')], ['last vacuum', date('last_vacuum')], ['last analyze', date('last_analyze')]],
    cache: [['', text('object')], ['heap hit', pct('heap_hit_ratio')], ['index hit', pct('index_hit_ratio')], ['hit', pct('hit_ratio')], ['blocks read', count('blocks_read')]],
    connections: [['state', text('state')], ['application', text('application')], ['sessions', count('sessions')]],
    sequences: [['', (r) => `${String(r.object)}${r.kind === 'sequence' ? '' : ' (key, est.)'}`], ['value', count('value')], ['limit', text('limit_type')], ['used', pct('used_share')], ['left', count('remaining_values')]],
    wraparound: [['', text('object')], ['xid age', count('xid_age')], ['of freeze max', pct('share_of_freeze_max_age')], ['vacuum now', text('vacuum_running')], ['last vacuum', (r) => (String(r.object).startsWith('database ') ? '' : date('last_vacuum')(r))]],
    replication: [['', text('object')], ['kind', text('kind')], ['state', text('state')], ['replay lag', (r) => (typeof r.replay_lag_seconds === 'number' ? formatDuration(r.replay_lag_seconds * 1000) : '')], ['WAL behind', bytes('lag_bytes')], ['wal_status', text('wal_status')]],
  };
  return id === 'targets' ? [] : table[id];
}

/** The human report: one table per section, then its findings; severities coloured through the theme. */
export async function renderReport(ctx: Context, report: Report): Promise<void> {
  const { default: Table } = await import('cli-table3');
  const t = ctx.theme;
  const verbose = Boolean(ctx.options.verbose);
  const sql: Column[1] = (r) => shortSql(typeof r.query === 'string' ? r.query : null, verbose);
  const style = { head: t.enabled ? ['cyan'] : [], border: t.enabled ? ['grey'] : [] };
  ctx.out.print(t.dim(`${report.database.name}: counters ${report.window.mode === 'snapshot' ? `since the snapshot ${report.window.file}` : 'since'} ${formatTimestamp(report.window.since)}`));
  for (const section of report.sections) {
    ctx.out.print('');
    ctx.out.print(t.bold(section.title));
    for (const p of section.problems) ctx.out.print(`  ${t.warn('!')} ${p.problem}\n    ${t.dim(`→ ${p.fix}`)}`);
    if (section.targets) {
      const table = new Table({ head: ['target', 'budget', 'current', 'verdict', 'how'], style, colWidths: [null, null, null, null, 56] as unknown as number[], wordWrap: true });
      for (const target of section.targets) table.push([target.title, target.limitText, target.currentText, verdictText(t, target.verdict), target.how]);
      ctx.out.print(table.toString());
    } else if (section.rows.length > 0) {
      const cols = columns(section.id, sql);
      const table = new Table({ head: cols.map(([h]) => h), style });
      for (const row of section.rows) table.push(cols.map(([, cell]) => cell(row)));
      ctx.out.print(table.toString());
    } else if (section.problems.length === 0) {
      ctx.out.print(t.dim('  nothing to show'));
    }
    if (section.blocking?.length) renderBlocking(ctx, section.blocking);
    for (const note of section.notes) ctx.out.print(t.dim(`  ${note}`));
    renderFindings(ctx, section, verbose);
  }
  ctx.out.print('');
  ctx.out.print(summary(t, report));
}

function renderFindings(ctx: Context, section: Section, verbose: boolean): void {
  const t = ctx.theme;
  const shownHelp = new Set<string>();
  for (const f of section.findings) {
    ctx.out.print(`  ${severityText(t, f.severity)} ${t.bold(f.check)} ${f.object}: ${f.message}`);
    // A statement's finding says which statement: its text, as the table's query column shows it.
    if (f.sql !== undefined || f.object.startsWith('query ')) ctx.out.print(`      ${t.dim(shortSql(f.sql ?? null, verbose))}`);
    if (!shownHelp.has(f.check)) ctx.out.print(`      ${t.dim(`→ ${f.help}`)}`);
    shownHelp.add(f.check);
  }
}

function renderBlocking(ctx: Context, roots: BlockingNode[]): void {
  ctx.out.print('  who blocks whom:');
  const walk = (node: BlockingNode, prefix: string, last: boolean, root: boolean) => {
    const label = `pid ${node.pid}${node.state ? ` ${node.state}` : ''}${node.application ? ` (${node.application})` : ''}`;
    ctx.out.print(`    ${prefix}${root ? '' : last ? '└─ ' : '├─ '}${label}`);
    node.blocks.forEach((child, i) => walk(child, root ? '' : `${prefix}${last ? '   ' : '│  '}`, i === node.blocks.length - 1, false));
  };
  for (const root of roots) walk(root, '', true, true);
}

function severityText(t: Theme, s: Severity): string {
  const label = s.padEnd(7);
  return s === 'error' ? t.error(label) : s === 'warning' ? t.warn(label) : t.accent(label);
}

function verdictText(t: Theme, v: string): string {
  return v === 'ok' ? t.ok('ok') : v === 'over' ? t.hot('over budget') : t.dim('unknown');
}

/** The last line: what is over budget by name (findings and targets), then the finding counts. */
function summary(t: Theme, report: Report): string {
  const all: Finding[] = report.sections.flatMap((s) => s.findings);
  const by = (s: Severity) => all.filter((f) => f.severity === s).length;
  const counts = `${all.length} finding${all.length === 1 ? '' : 's'} (${by('error')} error, ${by('warning')} warning, ${by('notice')} notice)`;
  if (!report.overBudget) return `${t.ok('✓')} within budget; ${counts}`;
  const checks = [...new Set(all.filter((f) => f.budget).map((f) => f.check))].map((id) => `${all.filter((f) => f.check === id && f.budget).length} ${id}`);
  const targets = report.sections.flatMap((s) => s.targets ?? []).filter((target) => target.verdict === 'over').map((target) => `${target.title} ${target.currentText} (budget ${target.limitText})`);
  return `${t.error('✗')} over budget: ${[...checks, ...targets].join('; ')}; ${counts}`;
}

/** One line, at most 80 characters; the full text with --verbose (and always in --json). */
export function shortSql(sql: string | null, full = false): string {
  if (sql === null) return '(text hidden)';
  const line = sql.replace(/\s+/g, ' ').trim();
  return full || line.length <= 80 ? line : `${line.slice(0, 79)}…`;
}
