import type { Database } from '../pool.js';
import type { ProgressInfo } from '../../core/apply/types.js';

/** A session that makes a concurrent build wait, and why. */
export interface Blocker {
  pid: number;
  application: string;
  state: string;
  /** How long its transaction has been open, in ms (null for a prepared transaction's own clock). */
  ageMs: number;
  reason: 'holds a lock on the table' | 'open transaction (old snapshot)' | 'prepared transaction';
  /** For prepared transactions: the gid. */
  gid?: string;
}

/**
 * Who a CREATE INDEX CONCURRENTLY on this table would wait for: sessions
 * holding a lock on it that conflicts with its ShareUpdateExclusiveLock or
 * ShareLock (writers), sessions of this database holding a snapshot
 * (backend_xmin; an idle READ COMMITTED transaction holds none), and prepared
 * transactions. The build's own sessions are excluded.
 */
export async function findBlockers(db: Database, schema: string, table: string, exclude: number[], minAgeMs: number): Promise<Blocker[]> {
  return db.query<Blocker>(
    `WITH me AS (SELECT d.oid AS datid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()),
          target AS (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2)
     SELECT a.pid, COALESCE(a.application_name, '') AS application, COALESCE(a.state, '') AS state,
            (EXTRACT(EPOCH FROM (pg_catalog.clock_timestamp() - COALESCE(a.xact_start, a.query_start))) * 1000)::float8 AS "ageMs",
            CASE WHEN l.holds THEN 'holds a lock on the table' ELSE 'open transaction (old snapshot)' END AS reason,
            NULL AS gid
       FROM pg_catalog.pg_stat_activity a
      CROSS JOIN me
      CROSS JOIN LATERAL (SELECT EXISTS (
              SELECT 1 FROM pg_catalog.pg_locks l JOIN target ON l.relation = target.oid
               WHERE l.pid = a.pid AND l.granted
                 AND l.mode IN ('RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')) AS holds) l
      WHERE a.datid = me.datid AND a.pid <> pg_catalog.pg_backend_pid() AND a.pid <> ALL($3::int[])
        AND a.backend_type = 'client backend' AND a.xact_start IS NOT NULL
        AND (l.holds OR (a.backend_xmin IS NOT NULL AND pg_catalog.clock_timestamp() - a.xact_start >= $4 * interval '1 millisecond'))
     UNION ALL
     SELECT 0, '', 'prepared', (EXTRACT(EPOCH FROM (pg_catalog.clock_timestamp() - p.prepared)) * 1000)::float8, 'prepared transaction', p.gid
       FROM pg_catalog.pg_prepared_xacts p
      WHERE p.database = pg_catalog.current_database()
      ORDER BY 4 DESC`,
    [schema, table, exclude, minAgeMs],
    'looking for sessions that would block the build',
  );
}

/** The progress of one build, as the executor's events carry it. */
export type BuildProgress = ProgressInfo;

export async function readProgress(db: Database, pids: number[]): Promise<BuildProgress[]> {
  if (pids.length === 0) return [];
  const rows = await db.query<{
    pid: number;
    phase: string;
    blocks_total: string;
    blocks_done: string;
    tuples_total: string;
    tuples_done: string;
    lockers_total: string;
    lockers_done: string;
    locker_pid: number | null;
    locker_app: string | null;
    locker_age: number | null;
  }>(
    `SELECT p.pid, p.phase, p.blocks_total, p.blocks_done, p.tuples_total, p.tuples_done, p.lockers_total, p.lockers_done,
            NULLIF(p.current_locker_pid, 0) AS locker_pid, a.application_name AS locker_app,
            (EXTRACT(EPOCH FROM (pg_catalog.clock_timestamp() - a.xact_start)) * 1000)::float8 AS locker_age
       FROM pg_catalog.pg_stat_progress_create_index p
       LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = NULLIF(p.current_locker_pid, 0)
      WHERE p.pid = ANY($1::int[])`,
    [pids],
    'reading build progress',
  );
  return rows.map((r) => ({
    pid: r.pid,
    phase: r.phase,
    blocksTotal: Number(r.blocks_total),
    blocksDone: Number(r.blocks_done),
    tuplesTotal: Number(r.tuples_total),
    tuplesDone: Number(r.tuples_done),
    lockersTotal: Number(r.lockers_total),
    lockersDone: Number(r.lockers_done),
    locker: r.locker_pid ? { pid: r.locker_pid, application: r.locker_app ?? '', ageMs: r.locker_age ?? 0 } : null,
  }));
}

export interface IndexState {
  valid: boolean;
  ready: boolean;
  sizeBytes: number;
  replicaIdentity: boolean;
  /** Another session building it right now. */
  buildingPid: number | null;
}

export async function readIndexState(db: Database, schema: string, name: string): Promise<IndexState | null> {
  const rows = await db.query<{ valid: boolean; ready: boolean; size_bytes: string; building_pid: number | null; replica_identity: boolean }>(
    `SELECT x.indisvalid AS valid, x.indisready AS ready, x.indisreplident AS replica_identity, pg_catalog.pg_relation_size(x.indexrelid) AS size_bytes,
            (SELECT p.pid FROM pg_catalog.pg_stat_progress_create_index p WHERE p.index_relid = x.indexrelid LIMIT 1) AS building_pid
       FROM pg_catalog.pg_index x
       JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
      WHERE n.nspname = $1 AND i.relname = $2`,
    [schema, name],
    `reading the state of ${schema}.${name}`,
  );
  const row = rows[0];
  return row ? { valid: row.valid, ready: row.ready, sizeBytes: Number(row.size_bytes), buildingPid: row.building_pid, replicaIdentity: row.replica_identity } : null;
}

export async function cancelBackend(db: Database, pid: number): Promise<void> {
  await db.query('SELECT pg_catalog.pg_cancel_backend($1)', [pid], `cancelling pid ${pid}`);
}

export async function countDuplicateKeys(db: Database, sql: string): Promise<number> {
  const rows = await db.query<{ keys: string }>(sql, [], 'counting duplicate keys');
  return Number(rows[0]?.keys ?? 0);
}

/** Which of the named indexes exist and are INVALID (for the report after an interrupt). */
export async function readInvalidIndexes(db: Database, schema: string, names: string[]): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT i.relname AS name FROM pg_catalog.pg_index x
       JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
      WHERE n.nspname = $1 AND i.relname = ANY($2::text[]) AND NOT (x.indisvalid AND x.indisready)`,
    [schema, names],
    'looking for INVALID leftovers',
  );
  return rows.map((r) => r.name);
}
