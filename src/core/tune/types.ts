import type { Finding } from '../finding.js';

/** One server setting as pg_settings reports it, values in the setting's own unit. */
export interface Setting {
  name: string;
  /** The value in force for an ordinary session of this database and role. */
  value: string;
  /** pg_settings.unit: 'kB', '8kB', 'ms', 's', 'MB'… or null. */
  unit: string | null;
  /** postmaster settings need a restart; sighup and user ones a reload. */
  context: string;
  source: string;
  pendingRestart: boolean;
}

/** What the machine is, as declared (--memory…) or detected where the server runs on this host. */
export interface Machine {
  memoryBytes?: number;
  cpus?: number;
  storage: 'ssd' | 'hdd' | 'san';
  workload: 'oltp' | 'olap' | 'mixed';
  /** Where each figure came from, for the evidence. */
  source: { memory?: 'declared' | 'detected'; cpus?: 'declared' | 'detected'; storage: 'declared' | 'assumed' };
}

/** A time window over which cumulative counters were collected. */
export interface Window {
  since: string | null;
  until: string;
  seconds: number | null;
  /** What set its start: a statistics reset, a saved snapshot, or unknown (since statistics began). */
  from: 'stats-reset' | 'snapshot' | 'unknown';
}

export interface StatementSpill {
  query: string;
  calls: number;
  tempBlksWritten: number;
  meanMs: number;
}

export interface LargeTable {
  schema: string;
  table: string;
  liveRows: number;
  deadRows: number;
  /** The table's own autovacuum_vacuum_scale_factor, when set. */
  vacuumScaleFactor: number | null;
  lastAutovacuum: string | null;
}

/** Everything tune decides from, read once. Plain data (fixtures in tests). */
export interface TuneFacts {
  versionNum: number;
  settings: Record<string, Setting>;
  /** Whether the server runs on this machine (a socket or a loopback address). */
  local: boolean;
  database: { name: string; tempFiles: number; tempBytes: number; window: Window };
  /** Checkpoint counters, with the WAL written over the same kind of window (pg_stat_wal, PostgreSQL 14+). */
  checkpoints: { timed: number; requested: number; window: Window; wal: { bytes: number; window: Window } | null } | null;
  /** pg_stat_statements figures, or why they are missing. */
  statements:
    | { available: true; window: Window; calls: number; totalMs: number; spills: StatementSpill[]; jit: { functions: number; ms: number } | null }
    | { available: false; reason: string };
  connections: { current: number; active: number };
  largeTables: LargeTable[];
}

export interface PoolFacts {
  size: number;
  maxOverflow: number;
  /** Application instances sharing the server, each with this pool (--instances). */
  instances: number;
}

export interface TuneInput {
  facts: TuneFacts;
  machine: Machine;
  pool: PoolFacts;
}

export interface RecommendationEvidence {
  /** The counters or declarations it rests on. */
  [key: string]: unknown;
}

/** A proposed change: a finding with the setting, its values and the statement to run. */
export interface Recommendation extends Finding<RecommendationEvidence> {
  setting: string;
  current: string;
  proposed: string;
  /** What could go wrong with the change. */
  risk: string;
  restart: boolean;
  /** ALTER SYSTEM (or ALTER TABLE for per-table settings); pool settings are environment variables, no SQL. */
  sql: string | null;
}
