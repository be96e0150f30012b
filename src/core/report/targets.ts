import type { ReportData, StatementRow } from '../../db/catalog/report/types.js';
import type { Budgets } from '../../spec/types.js';
import { formatDuration, groupThousands } from '../../util/text.js';
import { estimatePercentile, shareAbove } from './estimate.js';
import { isPlannable, percent, ratio, round, valueOf } from './facts.js';
import { THRESHOLDS } from './thresholds.js';

export type Verdict = 'ok' | 'over' | 'unknown';

export interface Target {
  id: 'query-p95' | 'slow-call-share' | 'cache-hit-ratio' | 'connection-usage' | 'index-coverage';
  title: string;
  budget: keyof Budgets;
  /** The budget as a figure and as read. */
  limit: number;
  limitText: string;
  current: number | null;
  currentText: string;
  verdict: Verdict;
  /** How Current was measured, or why it is unknown. */
  how: string;
}

/** The performance targets of `budgets:` with what this database measures now (or over a --since window). Pure. */
export function buildTargets(data: ReportData, budgets: Budgets, window = false): Target[] {
  return [p95(data, budgets, window), slowShare(data, budgets, window), cacheHit(data, budgets), connectionUsage(data, budgets), indexCoverage(data, budgets)];
}

function timedStatements(data: ReportData): StatementRow[] | undefined {
  return valueOf(data.statements)?.rows.filter((s) => s.calls > 0 && isPlannable(s.query));
}

type Spread = StatementRow & { stddevMs: number };

/** Statements whose spread of call times is known; otherwise why the percentile model cannot run. */
function withSpread(rows: StatementRow[]): { rows: Spread[] } | { why: string } {
  const unknown = rows.filter((s) => s.stddevMs === null).length;
  if (unknown === 0) return { rows: rows as Spread[] };
  return {
    why: `the spread of call times over this window is not known for ${unknown} of ${rows.length} statements: the snapshot does not hold it (written by an older perfctl); only calls, total and mean time, rows and blocks subtract. Save a new snapshot, or compare mean times`,
  };
}

function model(window: boolean): string {
  return window
    ? "each statement's mean and stddev over the window (derived from the sums of squares of the two reads) as a normal curve, cut at the window's min and max where known, mixed by calls"
    : "each statement's mean and stddev as a normal curve cut to its min..max, mixed by calls";
}

function unknown(t: Omit<Target, 'current' | 'currentText' | 'verdict'>): Target {
  return { ...t, current: null, currentText: 'n/a', verdict: 'unknown' };
}

function p95(data: ReportData, budgets: Budgets, window: boolean): Target {
  const base = { id: 'query-p95', title: 'query time p95', budget: 'p95_ms', limit: budgets.p95_ms, limitText: `≤ ${formatDuration(budgets.p95_ms)}` } as const;
  const all = timedStatements(data);
  if (!all || all.length === 0) return unknown({ ...base, how: all ? 'no statements recorded yet' : unavailable(data) });
  const spread = withSpread(all);
  if ('why' in spread) return unknown({ ...base, how: spread.why });
  const rows = spread.rows;
  const value = estimatePercentile(rows, 0.95)!;
  const calls = rows.reduce((n, s) => n + s.calls, 0);
  return {
    ...base,
    current: round(value, 3),
    currentText: formatDuration(value),
    verdict: value <= budgets.p95_ms ? 'ok' : 'over',
    how: `estimated from pg_stat_statements over ${groupThousands(calls)} calls of ${rows.length} statements: ${model(window)}`,
  };
}

function slowShare(data: ReportData, budgets: Budgets, window: boolean): Target {
  const base = { id: 'slow-call-share', title: `share of calls over ${formatDuration(budgets.slow_query_ms)}`, budget: 'slow_query_share', limit: budgets.slow_query_share, limitText: `< ${percent(budgets.slow_query_share)}` } as const;
  const all = timedStatements(data);
  if (!all || all.length === 0) return unknown({ ...base, how: all ? 'no statements recorded yet' : unavailable(data) });
  const spread = withSpread(all);
  if ('why' in spread) return unknown({ ...base, how: spread.why });
  const rows = spread.rows;
  const share = shareAbove(rows, budgets.slow_query_ms);
  return { ...base, current: round(share, 5), currentText: percent(share, 2), verdict: share <= budgets.slow_query_share ? 'ok' : 'over', how: `estimated from pg_stat_statements with the same model as the p95${window ? ' (over the window)' : ''}` };
}

function cacheHit(data: ReportData, budgets: Budgets): Target {
  const base = { id: 'cache-hit-ratio', title: 'cache hit ratio (tables + indexes)', budget: 'cache_hit_ratio', limit: budgets.cache_hit_ratio, limitText: `≥ ${percent(budgets.cache_hit_ratio, 2)}` } as const;
  const tables = valueOf(data.tables);
  if (!tables) return unknown({ ...base, how: data.tables?.available === false ? data.tables.problem : 'not read' });
  const hits = tables.reduce((n, t) => n + t.heapHit + t.idxHit, 0);
  const blocks = tables.reduce((n, t) => n + t.heapHit + t.heapRead + t.idxHit + t.idxRead, 0);
  if (blocks < THRESHOLDS.cacheMinBlocks) return unknown({ ...base, how: `only ${blocks} block accesses recorded; too little to judge` });
  const hit = ratio(hits, blocks)!;
  return { ...base, current: round(hit, 5), currentText: percent(hit, 2), verdict: hit >= budgets.cache_hit_ratio ? 'ok' : 'over', how: `shared-buffer hits over ${groupThousands(blocks)} block accesses of user tables and their indexes (pg_statio_user_tables)` };
}

function connectionUsage(data: ReportData, budgets: Budgets): Target {
  const base = { id: 'connection-usage', title: 'connections in use', budget: 'pool_usage', limit: budgets.pool_usage, limitText: `≤ ${percent(budgets.pool_usage, 0)}` } as const;
  const a = valueOf(data.activity);
  if (!a) return unknown({ ...base, how: data.activity?.available === false ? data.activity.problem : 'not read' });
  const slots = Math.max(1, a.maxConnections - a.reservedConnections);
  const usage = a.inUse / slots;
  return { ...base, current: round(usage, 4), currentText: `${percent(usage)} (${a.inUse}/${slots})`, verdict: usage <= budgets.pool_usage ? 'ok' : 'over', how: 'client backends on the server / (max_connections - superuser_reserved_connections)' };
}

function indexCoverage(data: ReportData, budgets: Budgets): Target {
  const base = { id: 'index-coverage', title: 'sample queries using an index', budget: 'index_coverage', limit: budgets.index_coverage, limitText: `≥ ${percent(budgets.index_coverage, 0)}` } as const;
  const plans = data.samplePlans;
  if (!plans || plans.length === 0) return unknown({ ...base, how: 'no sample queries: add queries: to indexes.yaml' });
  const judged = plans.filter((p) => !p.denied);
  if (judged.length === 0) return unknown({ ...base, how: 'this role may not plan the sample queries: GRANT SELECT on their tables' });
  const covered = judged.filter((p) => p.usesIndex).length;
  const share = covered / judged.length;
  const missing = judged.filter((p) => !p.usesIndex && !p.error).map((p) => p.name);
  const failed = judged.filter((p) => p.error).map((p) => `${p.name} (${p.error})`);
  return {
    ...base,
    current: round(share, 4),
    currentText: `${percent(share, 0)} (${covered}/${judged.length})`,
    verdict: share >= budgets.index_coverage ? 'ok' : 'over',
    how: `EXPLAIN (estimates only) of each spec query${missing.length ? `; without an index: ${missing.join(', ')}` : ''}${failed.length ? `; could not plan: ${failed.join('; ')}` : ''}`,
  };
}

function unavailable(data: ReportData): string {
  return data.statements?.available === false ? data.statements.problem : 'not read';
}
