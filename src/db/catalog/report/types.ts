/**
 * What `perfctl report` reads from the catalog: plain, serialisable rows.
 * Counters are cumulative as read; `src/core/report/delta.ts` turns two reads
 * into a window. Timestamps are ISO strings so a snapshot file round-trips.
 */

/** A part of the read that may be missing, with the one thing to do about it. */
export type Part<T> = { available: true; value: T } | { available: false; problem: string; fix: string };

export interface StatementRow {
  queryid: string;
  userid: number;
  role: string;
  toplevel: boolean;
  /** null when this role may not see the text (another role's statement without pg_read_all_stats). */
  query: string | null;
  calls: number;
  totalMs: number;
  meanMs: number;
  /**
   * The spread of call times. Cumulative counters as read; over a window
   * (`--since`) null where the window's value cannot be known (see delta.ts).
   */
  minMs: number | null;
  maxMs: number | null;
  stddevMs: number | null;
  rows: number;
  sharedHit: number;
  sharedRead: number;
  tempWritten: number;
  /** PG17+: when this entry's counters started (a newer one than a snapshot means it was reset since). */
  statsSince: string | null;
}

export interface StatementsData {
  schema: string;
  version: string;
  /** pg_stat_statements_info.stats_reset (1.9+), else null. */
  statsReset: string | null;
  /** Entries evicted because pg_stat_statements.max was reached (1.9+), else null. */
  dealloc: number | null;
  rows: StatementRow[];
}

export interface IndexRow {
  oid: number;
  tableOid: number;
  schema: string;
  table: string;
  name: string;
  method: string;
  unique: boolean;
  primary: boolean;
  valid: boolean;
  /** A CREATE INDEX CONCURRENTLY on it is in progress (so invalid is expected). */
  building: boolean;
  /** A constraint (primary key, unique, exclusion, or a foreign key's referenced key) uses it. */
  backsConstraint: boolean;
  keyCount: number;
  /** Table column numbers of every index column (keys then INCLUDE); 0 for an expression. */
  attnums: number[];
  /** Display names of every index column: the column name, or the expression text. */
  columns: string[];
  opclasses: number[];
  collations: number[];
  /** indoption per key column (DESC, NULLS FIRST bits). */
  options: number[];
  predicate: string | null;
  definition: string;
  scans: number;
  /** PG16+: the last index scan. */
  lastScan: string | null;
  bytes: number;
}

export interface ForeignKeyRow {
  name: string;
  tableOid: number;
  schema: string;
  table: string;
  attnums: number[];
  columns: string[];
  references: string;
}

export interface TableRow {
  oid: number;
  schema: string;
  name: string;
  seqScan: number;
  seqTupRead: number;
  idxScan: number;
  inserted: number;
  updated: number;
  deleted: number;
  liveTuples: number;
  deadTuples: number;
  modSinceAnalyze: number;
  lastVacuum: string | null;
  lastAnalyze: string | null;
  heapRead: number;
  heapHit: number;
  idxRead: number;
  idxHit: number;
  bytes: number;
  totalBytes: number;
  relpages: number;
  reltuples: number;
  fillfactor: number;
  /** Sum of pg_stats.avg_width when every column has statistics this role can see, else null. */
  rowWidth: number | null;
}

export interface SessionRow {
  pid: number;
  database: string | null;
  user: string | null;
  application: string;
  state: string | null;
  waitEventType: string | null;
  xactStart: string | null;
  queryStart: string | null;
  stateChange: string | null;
  /** Only for sessions of this database; null when hidden or elsewhere. */
  query: string | null;
  blockedBy: number[];
}

export interface ActivityData {
  maxConnections: number;
  reservedConnections: number;
  /** Client backends on the whole server, this one included. */
  inUse: number;
  /** Client sessions of this database, perfctl's own excluded. */
  sessions: SessionRow[];
}

export interface DatabaseInfo {
  name: string;
  /** current_user, for GRANT advice. */
  role: string;
  oid: number;
  serverVersionNum: number;
  /** The server's clock when the read was taken. */
  now: string;
  /** pg_stat_database.stats_reset, or null when never reset. */
  statsReset: string | null;
  postmasterStart: string;
  blockSize: number;
}

export interface SamplePlan {
  name: string;
  usesIndex: boolean;
  access: string;
  error?: string;
  /** The role may not read a table the query uses (EXPLAIN needs SELECT on it). */
  denied?: boolean;
}

/** A sequence in use and the limit it will hit first (numbers as text: they pass 2^53). */
export interface SequenceRow {
  schema: string;
  name: string;
  lastValue: string;
  limit: string;
  /** The integer column it feeds is narrower than the sequence (a bigint sequence behind an integer key). */
  limitedBy: 'column' | 'sequence';
  /** schema.table.column it feeds (OWNED BY, serial or identity), if any. */
  column: string | null;
  columnType: string | null;
  primaryKey: boolean;
  /** last value / limit */
  used: number;
}

export interface WraparoundData {
  /** The server's autovacuum_freeze_max_age. */
  freezeMaxAge: number;
  databases: Array<{ name: string; xidAge: number; mxidAge: number }>;
  /** The oldest tables (at most 20), oldest first. */
  tables: Array<{
    schema: string;
    name: string;
    xidAge: number;
    mxidAge: number;
    /** Its own autovacuum_freeze_max_age, else the server's. */
    freezeMaxAge: number;
    /** A vacuum running on it now: its phase and heap blocks scanned of total. */
    vacuumPhase: string | null;
    heapBlocks: number | null;
    heapBlocksScanned: number | null;
  }>;
}

export interface ReportData {
  database: DatabaseInfo;
  statements?: Part<StatementsData>;
  indexes?: Part<IndexRow[]>;
  foreignKeys?: Part<ForeignKeyRow[]>;
  tables?: Part<TableRow[]>;
  activity?: Part<ActivityData>;
  sequences?: Part<SequenceRow[]>;
  wraparound?: Part<WraparoundData>;
  /** Plans of the spec's sample queries (estimates only), for the index-coverage target. */
  samplePlans?: SamplePlan[];
}
