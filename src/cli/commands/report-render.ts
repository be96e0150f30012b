import type { BlockingNode } from '../../core/report/blocking.js';
import type { Report } from '../../core/report/build.js';
import { percent } from '../../core/report/facts.js';
import type { Row, Section } from '../../core/report/section.js';
import type { Finding, SectionId, Severity } from '../../core/report/types.js';
import { formatBytes, formatDuration, formatTimestamp, groupThousands } from '../../util/text.js';
import type { Cell, Column as TableColumn } from '../../ui/table.js';
import { cutToWidth } from '../../util/width.js';
import type { Context } from '../context.js';
import type { Theme } from '../theme.js';

type Column = [head: string, cell: (row: Row) => string, layout?: Omit<TableColumn, 'head'>];

const ms = (key: string): Column[1] => (r) => (typeof r[key] === 'number' ? formatDuration(r[key] as number) : '');
const bytes = (key: string): Column[1] => (r) => (typeof r[key] === 'number' ? formatBytes(r[key] as number) : '');
const count = (key: string): Column[1] => (r) => (typeof r[key] === 'number' ? groupThousands(r[key] as number) : '');
const pct = (key: string): Column[1] => (r) => (typeof r[key] === 'number' ? percent(r[key] as number) : '');
const text = (key: string): Column[1] => (r) => (r[key] === null || r[key] === undefined ? '' : Array.isArray(r[key]) ? (r[key] as string[]).join(', ') : String(r[key]));
const date = (key: string): Column[1] => (r) => (typeof r[key] === 'string' ? formatTimestamp(r[key] as string) : 'never');
const right = { align: 'right' } as const;

/** Per section, what each column shows; narrow terminals drop the highest `drop` first and cut the SQL. */
function columns(id: SectionId, sql: Column[1]): Column[] {
  const table: Record<Exclude<SectionId, 'targets'>, Column[]> = {
    'slow-queries': [
      ['total', ms('total_ms'), right], ['calls', count('calls'), right], ['mean', ms('mean_ms'), right],
      ['max', (r) => (r.max_ms === null ? 'n/a' : ms('max_ms')(r)), { ...right, drop: 4 }], ['rows', count('rows'), { ...right, drop: 3 }],
      ['time share', pct('share_of_time'), { ...right, drop: 5 }], ['hit', pct('hit_ratio'), { ...right, drop: 2 }],
      ['temp blks', count('temp_blks_written'), { ...right, drop: 1 }], ['queryid', text('queryid'), { drop: 6 }], ['query', sql, { flex: 'cut' }],
    ],
    'n-plus-one': [
      ['calls', count('calls'), right], ['mean', ms('mean_ms'), right], ['rows/call', text('rows_per_call'), { ...right, drop: 1 }],
      ['total', ms('total_ms'), right], ['queryid', text('queryid'), { drop: 2 }], ['query', sql, { flex: 'cut' }],
    ],
    indexes: [
      ['index', text('index')], ['method', text('method'), { drop: 1 }], ['size', bytes('bytes'), right], ['scans', count('scans'), right],
      ['bloat (est.)', bytes('estimated_bloat_bytes'), { ...right, drop: 3 }], ['last scan', (r) => (r.last_scan ? date('last_scan')(r) : ''), { drop: 2 }], ['issues', text('issues'), { flex: 'wrap' }],
    ],
    tables: [
      ['table', text('table')], ['rows', count('live_rows'), right], ['dead', count('dead_rows'), { ...right, drop: 4 }], ['size', bytes('total_bytes'), right],
      ['seq scans', count('seq_scans'), { ...right, drop: 3 }], ['seq share', pct('seq_share'), right], ['bloat (est.)', bytes('estimated_bloat_bytes'), { ...right, drop: 5 }],
      ['changed since analyze', count('modified_since_analyze'), { ...right, drop: 6 }], ['last vacuum', date('last_vacuum'), { drop: 2 }], ['last analyze', date('last_analyze'), { drop: 1 }],
    ],
    cache: [['', text('object'), { flex: 'cut' }], ['heap hit', pct('heap_hit_ratio'), right], ['index hit', pct('index_hit_ratio'), right], ['hit', pct('hit_ratio'), right], ['blocks read', count('blocks_read'), { ...right, drop: 1 }]],
    connections: [['state', text('state')], ['application', text('application'), { flex: 'cut' }], ['sessions', count('sessions'), right]],
    sequences: [['', (r) => `${String(r.object)}${r.kind === 'sequence' ? '' : ' (key, est.)'}`, { flex: 'cut' }], ['value', count('value'), right], ['limit', text('limit_type')], ['used', pct('used_share'), right], ['left', count('remaining_values'), right]],
    wraparound: [['', text('object'), { flex: 'cut' }], ['xid age', count('xid_age'), right], ['of freeze max', pct('share_of_freeze_max_age'), right], ['vacuum now', text('vacuum_running'), { drop: 2 }], ['last vacuum', (r) => (String(r.object).startsWith('database ') ? '' : date('last_vacuum')(r)), { drop: 1 }]],
    replication: [['', text('object'), { flex: 'cut' }], ['kind', text('kind')], ['state', text('state'), { drop: 2 }], ['replay lag', (r) => (typeof r.replay_lag_seconds === 'number' ? formatDuration(r.replay_lag_seconds * 1000) : ''), right], ['WAL behind', bytes('lag_bytes'), right], ['wal_status', text('wal_status'), { drop: 1 }]],
  };
  return id === 'targets' ? [] : table[id];
}

const TARGET_COLUMNS: TableColumn[] = [{ head: 'target', flex: 'wrap' }, { head: 'budget' }, { head: 'current' }, { head: 'verdict' }, { head: 'how', flex: 'wrap' }];

/** The human report: one table per section, then its findings; severities coloured through the theme. */
export async function renderReport(ctx: Context, report: Report): Promise<void> {
  const t = ctx.theme;
  const verbose = Boolean(ctx.options.verbose);
  const full = verbose || Boolean(ctx.options.wide);
  const sql: Column[1] = (r) => shortSql(typeof r.query === 'string' ? r.query : null, full);
  ctx.out.print(t.dim(ctx.wrap(`${report.database.name}: counters ${report.window.mode === 'snapshot' ? `since the snapshot ${report.window.file}` : 'since'} ${formatTimestamp(report.window.since)}`)));
  for (const section of report.sections) {
    ctx.out.print('');
    ctx.out.print(t.bold(section.title));
    for (const p of section.problems) ctx.out.print(`${ctx.wrap(`${t.warn('!')} ${p.problem}`, '  ', '    ')}\n${t.dim(ctx.wrap(`→ ${p.fix}`, '    ', '      '))}`);
    if (section.targets) {
      ctx.out.print(ctx.table(TARGET_COLUMNS, section.targets.map((target) => [target.title, target.limitText, target.currentText, verdictCell(t, target.verdict), target.how])));
    } else if (section.rows.length > 0) {
      const cols = columns(section.id, sql);
      ctx.out.print(ctx.table(cols.map(([head, , layout]) => ({ head, ...layout })), section.rows.map((row) => cols.map(([, cell]) => cell(row)))));
    } else if (section.problems.length === 0) {
      ctx.out.print(t.dim('  nothing to show'));
    }
    if (section.blocking?.length) renderBlocking(ctx, section.blocking);
    for (const note of section.notes) ctx.out.print(t.dim(ctx.wrap(note, '  ', '    ')));
    renderFindings(ctx, section, full);
  }
  ctx.out.print('');
  ctx.out.print(ctx.wrap(summary(t, report), '', '  '));
}

function renderFindings(ctx: Context, section: Section, verbose: boolean): void {
  const t = ctx.theme;
  const shownHelp = new Set<string>();
  for (const f of section.findings) {
    ctx.out.print(ctx.wrap(`${severityText(t, f.severity)} ${t.bold(f.check)} ${f.object}: ${f.message}`, '  ', '      '));
    // A statement's finding says which statement: its text, as the table's query column shows it.
    if (f.sql !== undefined || f.object.startsWith('query ')) ctx.out.print(t.dim(sqlLine(ctx, f.sql ?? null, verbose)));
    if (!shownHelp.has(f.check)) ctx.out.print(t.dim(ctx.wrap(`→ ${f.help}`, '      ', '        ')));
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

function verdictCell(t: Theme, v: string): Cell {
  return v === 'ok' ? { text: 'ok', style: t.ok } : v === 'over' ? { text: 'over budget', style: t.hot } : { text: 'unknown', style: t.dim };
}

/** A finding's statement under it: one line cut to the terminal, or all of it wrapped with --verbose. */
function sqlLine(ctx: Context, sql: string | null, full: boolean): string {
  const text = shortSql(sql, full);
  return full ? ctx.wrap(text, '      ') : `      ${cutToWidth(text, ctx.width - 6)}`;
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
