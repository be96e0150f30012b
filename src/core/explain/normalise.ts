import { computeSelfTimes } from './timing.js';
import type { AnalyzedPlan, Buffers, JitSummary, PlanNode, PlanSummary, RowCounts } from './types.js';

/** One EXPLAIN (FORMAT JSON) result as PostgreSQL prints it: the object inside the top-level array. */
export interface ExplainJson {
  Plan: RawNode;
  'Planning Time'?: number;
  'Execution Time'?: number;
  JIT?: Record<string, unknown>;
  Settings?: Record<string, string>;
  Triggers?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export type RawNode = Record<string, unknown> & { 'Node Type': string; Plans?: RawNode[] };

const GATHER = new Set(['Gather', 'Gather Merge']);

/** Fold PostgreSQL's per-loop, per-worker figures into the plain totals perfctl reports. Pure. */
export function normalisePlan(json: ExplainJson): AnalyzedPlan {
  const nodes: PlanNode[] = [];
  const root = build(json.Plan, 0, 1, nodes);
  const analyzed = root.rows.actual !== undefined;
  const executionMs = num(json['Execution Time']) ?? root.time?.inclusiveMs;
  if (analyzed) computeSelfTimes(root, executionMs ?? 0);
  const summary: PlanSummary = {
    analyzed,
    planningMs: num(json['Planning Time']),
    executionMs: analyzed ? executionMs : undefined,
    jit: jitSummary(json.JIT),
    settings: json.Settings && Object.keys(json.Settings).length > 0 ? { ...json.Settings } : undefined,
    triggers: (json.Triggers ?? []).map((t) => ({
      name: String(t['Trigger Name'] ?? t['Constraint Name'] ?? 'trigger'),
      relation: typeof t.Relation === 'string' ? t.Relation : undefined,
      timeMs: num(t.Time) ?? 0,
      calls: num(t.Calls) ?? 0,
    })),
  };
  return { root, nodes, summary };
}

/** `processes`: how many processes share this node's loops (workers + leader below a Gather), so times are wall-clock. */
function build(raw: RawNode, depth: number, processes: number, nodes: PlanNode[]): PlanNode {
  const node: PlanNode = {
    id: nodes.length,
    depth,
    nodeType: raw['Node Type'],
    operation: operation(raw),
    relation: str(raw['Relation Name']),
    alias: str(raw.Alias),
    index: str(raw['Index Name']),
    cte: str(raw['CTE Name']),
    function: str(raw['Function Name']),
    parentRelationship: str(raw['Parent Relationship']),
    subplanName: str(raw['Subplan Name']),
    workers: GATHER.has(raw['Node Type']) ? num(raw['Workers Launched']) ?? num(raw['Workers Planned']) : undefined,
    cost: { startup: num(raw['Startup Cost']) ?? 0, total: num(raw['Total Cost']) ?? 0 },
    rows: rowCounts(raw),
    buffers: buffers(raw),
    removed: {
      filter: (num(raw['Rows Removed by Filter']) ?? 0) * loops(raw),
      indexRecheck: (num(raw['Rows Removed by Index Recheck']) ?? 0) * loops(raw),
      joinFilter: (num(raw['Rows Removed by Join Filter']) ?? 0) * loops(raw),
    },
    conditions: {
      filter: str(raw.Filter),
      indexCond: str(raw['Index Cond']),
      recheckCond: str(raw['Recheck Cond']),
      joinFilter: str(raw['Join Filter']),
      hashCond: str(raw['Hash Cond']),
      mergeCond: str(raw['Merge Cond']),
      runCondition: str(raw['Run Condition']),
    },
    sort: raw['Sort Key'] ? sortOf(raw) : undefined,
    hashAgg: hashAggOf(raw),
    hash:
      raw['Hash Batches'] !== undefined
        ? { batches: num(raw['Hash Batches']) ?? 1, originalBatches: num(raw['Original Hash Batches']) ?? 1, buckets: num(raw['Hash Buckets']), peakMemoryKb: num(raw['Peak Memory Usage']) }
        : undefined,
    heapFetches: num(raw['Heap Fetches']),
    // JSON prints 0 on every Append, text only a positive count: absent means none.
    subplansRemoved: num(raw['Subplans Removed']) || undefined,
    heapBlocks: raw['Lossy Heap Blocks'] !== undefined ? { exact: num(raw['Exact Heap Blocks']) ?? 0, lossy: num(raw['Lossy Heap Blocks']) ?? 0 } : undefined,
    neverExecuted: raw['Actual Loops'] === 0,
    children: [],
  };
  const time = num(raw['Actual Total Time']);
  if (time !== undefined) {
    const sharing = Math.max(1, Math.min(processes, loops(raw)));
    node.time = { inclusiveMs: (time * loops(raw)) / sharing, selfMs: 0, selfShare: 0, inclusiveShare: 0 };
  }
  nodes.push(node);
  const childProcesses = node.workers !== undefined ? node.workers + 1 : processes;
  node.children = (raw.Plans ?? []).map((child) => build(child, depth + 1, childProcesses, nodes));
  // Per-loop times are printed to the microsecond: over thousands of loops the rounding can push a child past its parent.
  for (const child of node.children) if (child.time && node.time) child.time.inclusiveMs = Math.min(child.time.inclusiveMs, node.time.inclusiveMs);
  return node;
}

/** The leader's figures are on the node, each worker's in Workers[]: a spill in any of them is a spill. */
function processes(raw: RawNode): Array<Record<string, unknown>> {
  const workers = Array.isArray(raw.Workers) ? (raw.Workers as Array<Record<string, unknown>>) : [];
  return [raw, ...workers];
}

function sortOf(raw: RawNode): NonNullable<PlanNode['sort']> {
  const all = processes(raw).filter((p) => p['Sort Method'] !== undefined);
  const disk = all.filter((p) => p['Sort Space Type'] === 'Disk');
  const worst = [...(disk.length ? disk : all)].sort((a, b) => (num(b['Sort Space Used']) ?? 0) - (num(a['Sort Space Used']) ?? 0))[0];
  return {
    keys: strings(raw['Sort Key']),
    method: str(worst?.['Sort Method']),
    spaceKb: num(worst?.['Sort Space Used']),
    spaceType: str(worst?.['Sort Space Type']),
    presortedKeys: raw['Presorted Key'] ? strings(raw['Presorted Key']) : undefined,
    diskProcesses: disk.length || undefined,
  };
}

function hashAggOf(raw: RawNode): PlanNode['hashAgg'] {
  const all = processes(raw).filter((p) => p['HashAgg Batches'] !== undefined);
  if (all.length === 0) return undefined;
  const disk = all.filter((p) => (num(p['Disk Usage']) ?? 0) > 0);
  return {
    batches: Math.max(...all.map((p) => num(p['HashAgg Batches']) ?? 1)),
    diskKb: Math.max(0, ...all.map((p) => num(p['Disk Usage']) ?? 0)),
    peakMemoryKb: Math.max(0, ...all.map((p) => num(p['Peak Memory Usage']) ?? 0)),
    plannedPartitions: num(raw['Planned Partitions']),
    diskProcesses: disk.length,
  };
}

function rowCounts(raw: RawNode): RowCounts {
  const planned = num(raw['Plan Rows']) ?? 0;
  const actual = num(raw['Actual Rows']);
  if (actual === undefined) return { planned };
  const n = loops(raw);
  // PostgreSQL 18 prints per-loop rows to two decimals: the product is only good to whole rows.
  const counts: RowCounts = { planned, actual, loops: n, total: n > 1 ? Math.round(actual * n) : actual };
  if (n > 0) {
    const p = Math.max(planned, 1);
    const a = Math.max(actual, 1);
    counts.misestimate = a === p ? { factor: 1, direction: 'exact' } : a > p ? { factor: a / p, direction: 'under' } : { factor: p / a, direction: 'over' };
  }
  return counts;
}

function buffers(raw: RawNode): Buffers {
  return {
    sharedHit: num(raw['Shared Hit Blocks']) ?? 0,
    sharedRead: num(raw['Shared Read Blocks']) ?? 0,
    sharedDirtied: num(raw['Shared Dirtied Blocks']) ?? 0,
    sharedWritten: num(raw['Shared Written Blocks']) ?? 0,
    localHit: num(raw['Local Hit Blocks']) ?? 0,
    localRead: num(raw['Local Read Blocks']) ?? 0,
    tempRead: num(raw['Temp Read Blocks']) ?? 0,
    tempWritten: num(raw['Temp Written Blocks']) ?? 0,
  };
}

function operation(raw: RawNode): string {
  const type = raw['Node Type'];
  const variant = str(raw['Join Type']) ?? (type === 'Aggregate' ? str(raw.Strategy) : undefined) ?? (type === 'ModifyTable' ? str(raw.Operation) : undefined) ?? (type === 'SetOp' ? str(raw.Command) : undefined);
  const parallel = raw['Parallel Aware'] === true ? 'Parallel ' : '';
  if (!variant || variant === 'Inner' || variant === 'Plain') return `${parallel}${type}`;
  return `${parallel}${type} (${variant})`;
}

/** PG ≤ 16 reports JIT phase times as numbers; PG 17 nests "Generation" into an object with its own Total. */
function jitSummary(jit: Record<string, unknown> | undefined): JitSummary | undefined {
  if (!jit) return undefined;
  const timing = jit.Timing as Record<string, unknown> | undefined;
  const total = timing ? num(timing.Total) ?? Object.values(timing).reduce<number>((s, v) => s + (num(v) ?? num((v as Record<string, unknown>)?.Total) ?? 0), 0) : 0;
  return { functions: num(jit.Functions) ?? 0, totalMs: total };
}

function loops(raw: RawNode): number {
  return num(raw['Actual Loops']) ?? 1;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}
