import type { Database } from '../pool.js';

export interface IndexUsage {
  schema: string;
  table: string;
  name: string;
  definition: string;
  valid: boolean;
  constraint: 'primary-key' | 'unique' | 'exclusion' | null;
  sizeBytes: number;
  scans: number;
  tuplesRead: number;
  /** PostgreSQL 16+; null when never used since the statistics were reset, or not tracked. */
  lastUsed: string | null;
}

export interface UsageSnapshot {
  serverVersionNum: number;
  /** pg_is_in_recovery(): a hot standby. */
  inRecovery: boolean;
  statsReset: string | null;
  indexes: IndexUsage[];
}

const CONSTRAINTS = { p: 'primary-key', u: 'unique', x: 'exclusion' } as const;

/** Every index of the given tables with its usage counters; last_idx_scan exists from PostgreSQL 16. */
export async function readIndexUsage(db: Database, tables: string[]): Promise<UsageSnapshot> {
  const [{ version_num: versionNum, stats_reset: statsReset, in_recovery: inRecovery }] = (await db.query<{ version_num: number; stats_reset: string | null; in_recovery: boolean }>(
    `SELECT pg_catalog.current_setting('server_version_num')::int AS version_num, pg_catalog.pg_is_in_recovery() AS in_recovery,
            (SELECT d.stats_reset::text FROM pg_catalog.pg_stat_database d WHERE d.datname = pg_catalog.current_database()) AS stats_reset`,
    [],
    'reading the server version',
  )) as [{ version_num: number; stats_reset: string | null; in_recovery: boolean }];
  const lastUsed = versionNum >= 160000 ? 's.last_idx_scan::text' : 'NULL::text';
  const rows = await db.query<{ schema: string; table: string; name: string; definition: string; valid: boolean; constraint_type: 'p' | 'u' | 'x' | null; size_bytes: string; scans: string | null; tuples_read: string | null; last_used: string | null }>(
    `SELECT n.nspname AS schema, t.relname AS "table", i.relname AS name, pg_catalog.pg_get_indexdef(x.indexrelid) AS definition,
            x.indisvalid AND x.indisready AS valid,
            (SELECT con.contype FROM pg_catalog.pg_constraint con
              WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x') LIMIT 1) AS constraint_type,
            pg_catalog.pg_relation_size(i.oid) AS size_bytes, s.idx_scan AS scans, s.idx_tup_read AS tuples_read, ${lastUsed} AS last_used
       FROM pg_catalog.pg_index x
       JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
       JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_catalog.pg_stat_all_indexes s ON s.indexrelid = x.indexrelid
      WHERE (n.nspname || '.' || t.relname) = ANY($1::text[])
      ORDER BY n.nspname, t.relname, i.relname`,
    [tables],
    'reading index usage',
  );
  return {
    serverVersionNum: versionNum,
    inRecovery,
    statsReset,
    indexes: rows.map((r) => ({
      schema: r.schema,
      table: r.table,
      name: r.name,
      definition: r.definition,
      valid: r.valid,
      constraint: r.constraint_type ? CONSTRAINTS[r.constraint_type] : null,
      sizeBytes: Number(r.size_bytes),
      scans: Number(r.scans ?? 0),
      tuplesRead: Number(r.tuples_read ?? 0),
      lastUsed: r.last_used,
    })),
  };
}
