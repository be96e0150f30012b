/** The index plan: data that `plan` prints and `apply` runs, step by step. */

export type ActionKind = 'create' | 'rename' | 'replace' | 'repair' | 'drop';
export type StepKind = 'build' | 'drop' | 'rename' | 'analyze' | 'alter' | 'define' | 'attach';

export type HazardId =
  | 'index-dropped'
  | 'unique-build-may-fail'
  | 'large-table-build'
  | 'replace-doubles-space'
  | 'function-search-path'
  | 'replica-identity-moved'
  | 'partitioned-index-replaced'
  | 'attribute-not-carried';

export interface Hazard {
  id: HazardId;
  message: string;
  /** Loses something (an index someone may use): apply needs --allow-hazards for it. */
  lossy: boolean;
}

export interface PlanStep {
  kind: StepKind;
  /** One statement, run on its own outside any transaction block. */
  sql: string;
  /** The index the step builds, drops or renames, by the name it has when the step runs. */
  index: string;
  /** For a rename: the new name. */
  renameTo?: string;
  /** For an alter: what it carries over ("replica identity", "comment"...). */
  label?: string;
  /** For an attach: "schema.name" of the partitioned index the step attaches `index` to. */
  parentIndex?: string;
  /** The step runs only if this index is valid then (the old partitioned index goes only once the new one is). */
  requireValid?: { schema: string; index: string };
  lockTimeoutMs: number;
  /** statement_timeout for the step; 0 means none. */
  statementTimeoutMs: number;
  /** For UNIQUE builds: counts duplicate keys when the build fails on them (diagnostic, read-only). */
  duplicateCheckSql?: string;
  /** For builds on PostgreSQL 17+: functions the index calls that have no SET search_path (for the failure's hint). */
  searchPathFunctions?: string[];
}

export interface PlanAction {
  /** Stable id, e.g. "create public.idx_users_email". */
  id: string;
  kind: ActionKind;
  schema: string;
  table: string;
  /** The index name once the action is done. */
  index: string;
  /** The existing index the action starts from (rename, replace, repair, drop). */
  from?: string;
  reason: string;
  /** The spec's definition (create, replace, repair); the old one for drops. */
  definition: string;
  /** The definition being replaced. */
  previous?: string;
  /** Replace: what belongs to the old index and moves to the new one (replica identity, comment...). */
  carries?: string[];
  steps: PlanStep[];
  hazards: Hazard[];
  /** A partition's build for an index on a partitioned table ("schema.index"). */
  partOf?: string;
  /** Ids of actions that must be done before this one starts (it is skipped otherwise). */
  after?: string[];
  /** The index must be valid once the action is done (a partitioned index becomes valid only when every partition is attached). */
  verifyValid?: boolean;
  /** For drops: how much the index was used, per server (this one, then each --replica). */
  usage?: ServerIndexUsage[];
}

/** Index scans on one server since its statistics were last reset (counters are per server). */
export interface ServerIndexUsage {
  /** "primary" for the server perfctl applies to; host:port/database of a replica. */
  server: string;
  scans: number;
  /** PostgreSQL 16+: when the index was last scanned. */
  lastUsed: string | null;
  /** When this database's statistics were last reset (null: never, counting from initdb). */
  statsReset: string | null;
}

/** An index another session is building now: perfctl never touches it. */
export interface BlockedIndex {
  schema: string;
  table: string;
  index: string;
  pid: number;
  phase: string;
}

/** An index on a spec table that the spec does not name and that stays. */
export interface UnmanagedIndex {
  schema: string;
  table: string;
  index: string;
  definition: string;
  reason: string;
}

export interface Plan {
  actions: PlanAction[];
  blocked: BlockedIndex[];
  unmanaged: UnmanagedIndex[];
  /** Spec indexes already in place. */
  unchanged: Array<{ schema: string; table: string; index: string }>;
}

export interface PlanOptions {
  prune: boolean;
  analyze: boolean;
  lockTimeoutMs: number;
  /** 0: no limit. */
  buildTimeoutMs: number;
  largeTableBytes: number;
}

export const DEFAULT_PLAN_OPTIONS: PlanOptions = {
  prune: false,
  analyze: true,
  lockTimeoutMs: 10_000,
  buildTimeoutMs: 0,
  largeTableBytes: 1024 ** 3,
};

/** The prefix of the names perfctl builds under during a replace; an index with it is perfctl's own. */
export const TEMP_PREFIX = 'perfctl_tmp_';
