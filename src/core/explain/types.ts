/**
 * The normalised plan perfctl reasons about: PostgreSQL's EXPLAIN (FORMAT JSON)
 * with loops, parallel workers and children folded into plain totals, so rules
 * and renderers never repeat that arithmetic.
 */
export interface PlanNode {
  /** Pre-order position, 0 for the root: stable for one plan, used by findings. */
  id: number;
  depth: number;
  nodeType: string;
  /** Node type plus its variant, e.g. "Hash Join (Left)", "Aggregate (Hashed)". */
  operation: string;
  relation?: string;
  alias?: string;
  index?: string;
  cte?: string;
  function?: string;
  parentRelationship?: string;
  subplanName?: string;
  /** Workers launched by this Gather node (or planned, without ANALYZE). */
  workers?: number;
  cost: { startup: number; total: number };
  rows: RowCounts;
  /** Absent without ANALYZE. */
  time?: NodeTime;
  buffers: Buffers;
  removed: { filter: number; indexRecheck: number; joinFilter: number };
  conditions: { filter?: string; indexCond?: string; recheckCond?: string; joinFilter?: string; hashCond?: string; mergeCond?: string; runCondition?: string };
  /** Columns a WHERE-like condition of this node compares, for index advice (filled by annotateConditions). */
  filterColumns?: ConditionColumns;
  /** Leader and workers together: spaceType is "Disk" when any of them spilled, spaceKb the largest spill. */
  sort?: { keys: string[]; method?: string; spaceKb?: number; spaceType?: string; presortedKeys?: string[]; diskProcesses?: number };
  hash?: { batches: number; originalBatches: number; buckets?: number; peakMemoryKb?: number };
  /** A hash aggregate's spill (PostgreSQL 13+), leader and workers together. */
  hashAgg?: { batches: number; diskKb: number; peakMemoryKb?: number; plannedPartitions?: number; diskProcesses: number };
  /** Total over all loops: PostgreSQL does not average this one per loop. */
  heapFetches?: number;
  /** Append/MergeAppend children removed by run-time partition pruning. */
  subplansRemoved?: number;
  heapBlocks?: { exact: number; lossy: number };
  neverExecuted: boolean;
  children: PlanNode[];
}

export interface RowCounts {
  /** Planner's estimate per loop. */
  planned: number;
  /** Actual rows per loop (PostgreSQL's average). */
  actual?: number;
  loops?: number;
  /** actual × loops. */
  total?: number;
  /** How far the estimate is off (≥ 1) and in which direction. */
  misestimate?: { factor: number; direction: 'under' | 'over' | 'exact' };
}

export interface NodeTime {
  /** Wall-clock time of this node and everything below it, all loops. */
  inclusiveMs: number;
  /** inclusiveMs minus the children's (InitPlans excluded, as they run once elsewhere). */
  selfMs: number;
  /** selfMs as a share of the whole statement's execution. */
  selfShare: number;
  inclusiveShare: number;
}

export interface Buffers {
  sharedHit: number;
  sharedRead: number;
  sharedDirtied: number;
  sharedWritten: number;
  localHit: number;
  localRead: number;
  tempRead: number;
  tempWritten: number;
}

export interface ConditionColumns {
  /** Compared with = (or a bare boolean column): lead an index with these. */
  equality: string[];
  /** Ranges, IN-lists, prefix LIKE and other operators: after the equality columns. */
  other: string[];
  /** Expressions of a column compared with =, e.g. "upper(note)": an expression index serves them. */
  expressions: string[];
  /** Columns (or expressions) matched by a pattern a btree cannot serve (LIKE '%x', ~, ILIKE): a trigram GIN index can. */
  trigram: string[];
  /** Terms no index helps with (<>, NOT LIKE, OR of columns): shown so the advice can say so. */
  unindexable: string[];
}

export interface JitSummary {
  functions: number;
  totalMs: number;
}

export interface PlanSummary {
  analyzed: boolean;
  planningMs?: number;
  executionMs?: number;
  jit?: JitSummary;
  settings?: Record<string, string>;
  triggers: Array<{ name: string; relation?: string; timeMs: number; calls: number }>;
}

export interface AnalyzedPlan {
  root: PlanNode;
  /** Every node in pre-order (nodes[i].id === i). */
  nodes: PlanNode[];
  summary: PlanSummary;
}

/** pg_stat_user_tables for a relation the plan reads, when connected. */
export interface TableStats {
  schema: string;
  name: string;
  liveTuples: number;
  /** pg_class.reltuples: what the planner believes; -1 when never analysed (PG14+). */
  reltuples: number;
  modsSinceAnalyze: number;
  lastAnalyze: string | null;
  lastAutoanalyze: string | null;
}

export interface PlanContext {
  plan: AnalyzedPlan;
  /** Empty offline (--plan) or when the statistics could not be read. */
  tables: TableStats[];
}

export type Severity = 'high' | 'medium' | 'low';

export interface Finding {
  rule: string;
  severity: Severity;
  /** The node concerned; absent for statement-wide findings (planning, JIT). */
  nodeId?: number;
  /** What was seen, in one line with the figures. */
  message: string;
  /** The figures behind it, for --json and tests. */
  evidence: Record<string, number | string | string[]>;
  /** What to do, in one line. */
  help: string;
}

/** One finding rule: pure, one file each under rules/. */
export interface Rule {
  id: string;
  /** What the rule looks for, for docs and --help. */
  summary: string;
  check(ctx: PlanContext): Finding[];
}
