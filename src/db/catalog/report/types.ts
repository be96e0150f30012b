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
  /** btree only, when pg_stats shows every column: what the bloat estimate needs. */
  stats?: IndexStats | null;
}

export interface IndexStats {
  reltuples: number;
  relpages: number;
  fillfactor: number;
  /** Sum over the index columns of pg_stats avg_width × (1 - null_frac). */
  dataWidth: number;
  /** Some column has nulls (the entries carry a null bitmap). */
  nullable: boolean;
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

export interface SequenceRow {
  schema: string;
  name: string;
  /** smallint, integer or bigint. */
  type: string;
  min: number;
  max: number;
  increment: number;
  cycle: boolean;
  /** This role has SELECT or USAGE on it (else last_value is hidden). */
  readable: boolean;
  /** null when hidden or before the first nextval(). */
  lastValue: number | null;
  /** The columns it feeds (owned by them, or in their DEFAULT). */
  columns: Array<{ schema: string; table: string; column: string; type: string }>;
}

export interface IntegerKeyRow {
  schema: string;
  table: string;
  column: string;
  /** smallint or integer. */
  type: string;
  /** The highest value pg_stats saw at the last ANALYZE; null when not visible. */
  maxSeen: number | null;
}

export interface SequencesData {
  sequences: SequenceRow[];
  /** Single-column smallint/integer primary keys no sequence feeds. */
  integerKeys: IntegerKeyRow[];
}

export interface WraparoundTable {
  /** For a TOAST table, its owner's schema and name (toast: true). */
  schema: string;
  name: string;
  toast: boolean;
  /** age(relfrozenxid) and mxid_age(relminmxid). */
  xidAge: number;
  mxidAge: number;
  /** The table's own autovacuum_freeze_max_age / autovacuum_multixact_freeze_max_age, if set. */
  freezeMaxAge: number | null;
  multixactFreezeMaxAge: number | null;
  pages: number;
  lastVacuum: string | null;
  /** The VACUUM running on it now (pg_stat_progress_vacuum), if any. */
  vacuum: { phase: string; heapBlocksTotal: number; heapBlocksScanned: number; antiWraparound: boolean } | null;
}

export interface WraparoundData {
  /** The server's autovacuum_freeze_max_age and autovacuum_multixact_freeze_max_age. */
  freezeMaxAge: number;
  multixactFreezeMaxAge: number;
  /** Every database: age(datfrozenxid), mxid_age(datminmxid). */
  databases: Array<{ name: string; xidAge: number; mxidAge: number; allowConnections: boolean }>;
  /** This database's tables, materialized views and TOAST tables, oldest first. */
  tables: WraparoundTable[];
}

export interface StandbyRow {
  pid: number;
  application: string;
  clientAddr: string | null;
  state: string | null;
  syncState: string | null;
  /** Bytes of WAL not yet sent, written, flushed, replayed by the standby; null when hidden (no pg_read_all_stats). */
  sentBytes: number | null;
  writeBytes: number | null;
  flushBytes: number | null;
  replayBytes: number | null;
  /** write_lag, flush_lag, replay_lag in seconds (null when idle or hidden). */
  writeLagSeconds: number | null;
  flushLagSeconds: number | null;
  replayLagSeconds: number | null;
}

export interface SlotRow {
  name: string;
  /** physical or logical. */
  type: string;
  database: string | null;
  active: boolean;
  temporary: boolean;
  /** WAL kept for it: from its restart_lsn to the current position; null when it reserves none. */
  retainedBytes: number | null;
  /** 13+: reserved, extended, unreserved or lost. */
  walStatus: string | null;
  /** 13+: bytes that can still be written before the slot is in danger of losing WAL (null when max_slot_wal_keep_size is -1). */
  safeWalSize: number | null;
}

export interface ReplicationData {
  /** This server is a standby. */
  recovery: boolean;
  standbys: StandbyRow[];
  slots: SlotRow[];
}

export interface SamplePlan {
  name: string;
  usesIndex: boolean;
  access: string;
  error?: string;
  /** The role may not read a table the query uses (EXPLAIN needs SELECT on it). */
  denied?: boolean;
}

export interface ReportData {
  database: DatabaseInfo;
  statements?: Part<StatementsData>;
  indexes?: Part<IndexRow[]>;
  foreignKeys?: Part<ForeignKeyRow[]>;
  tables?: Part<TableRow[]>;
  activity?: Part<ActivityData>;
  sequences?: Part<SequencesData>;
  wraparound?: Part<WraparoundData>;
  replication?: Part<ReplicationData>;
  /** Plans of the spec's sample queries (estimates only), for the index-coverage target. */
  samplePlans?: SamplePlan[];
}
