import type pg from 'pg';
import type { LargeTable, Setting, StatementSpill, TuneFacts, Window } from '../../core/tune/types.js';
import type { Snapshot } from '../../core/report/snapshot.js';
import { statementKey } from '../../core/report/snapshot.js';
import { queryError } from '../errors.js';
import { markOwn, OWN_SQL_PREFIX } from '../mark.js';
import { clientConfig, type Database } from '../pool.js';
import { readStatementColumns, readStatementsExtension } from '../catalog/report/statements.js';

export const TUNED_SETTINGS = [
  'shared_buffers', 'effective_cache_size', 'maintenance_work_mem', 'work_mem', 'max_connections', 'superuser_reserved_connections',
  'reserved_connections', 'random_page_cost', 'seq_page_cost', 'effective_io_concurrency', 'max_wal_size', 'checkpoint_completion_target',
  'checkpoint_timeout', 'autovacuum_vacuum_scale_factor', 'autovacuum_vacuum_threshold', 'jit', 'default_statistics_target',
];

type Query = <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => Promise<R[]>;

/**
 * Everything tune looks at, read in one READ ONLY transaction on a session of
 * its own: perfctl's pooled sessions turn jit off at connect, and tune must
 * see the value an application's session gets.
 */
export async function readTuneFacts(db: Database, since?: Snapshot): Promise<TuneFacts> {
  const config = clientConfig(db.target, db.settings, `${db.applicationName}`);
  const client = await db.openClient({ ...config, options: config.options?.replace(/-c jit=off\s*/, '') });
  const q: Query = async (sql, params) => {
    try {
      return (await client.query(markOwn(sql, 'perfctl:tune'), params)).rows;
    } catch (error) {
      throw queryError(error, 'reading the server settings and statistics');
    }
  };
  try {
    await q('BEGIN READ ONLY');
    const [server] = await q<{ version_num: string; now: Date; datname: string; temp_files: string; temp_bytes: string; stats_reset: Date | null }>(
      `SELECT pg_catalog.current_setting('server_version_num') AS version_num, pg_catalog.now() AS now, d.datname,
              d.temp_files, d.temp_bytes, d.stats_reset
         FROM pg_catalog.pg_stat_database d WHERE d.datname = pg_catalog.current_database()`,
    );
    const versionNum = Number(server!.version_num);
    const now = server!.now;
    const facts: TuneFacts = {
      versionNum,
      settings: await readSettings(q),
      local: isLocal(db.target.host),
      database: { name: server!.datname, tempFiles: Number(server!.temp_files), tempBytes: Number(server!.temp_bytes), window: window(server!.stats_reset, now, 'stats-reset') },
      checkpoints: await readCheckpoints(q, versionNum, now),
      statements: await readStatements(q, now, since),
      connections: await readConnections(q),
      largeTables: await readLargeTables(q),
    };
    await q('ROLLBACK');
    return facts;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function window(start: Date | string | null, now: Date, from: Window['from']): Window {
  const since = start === null ? null : new Date(start);
  return { since: since?.toISOString() ?? null, until: now.toISOString(), seconds: since ? Math.max(0, (now.getTime() - since.getTime()) / 1000) : null, from: since ? from : 'unknown' };
}

function isLocal(host: string): boolean {
  return host.startsWith('/') || host === 'localhost' || /^127\./.test(host) || host === '::1';
}

async function readSettings(q: Query): Promise<Record<string, Setting>> {
  const rows = await q<{ name: string; setting: string; unit: string | null; context: string; source: string; pending_restart: boolean }>(
    `SELECT name, setting, unit, context, source, pending_restart FROM pg_catalog.pg_settings WHERE name = ANY($1::text[])`,
    [TUNED_SETTINGS],
  );
  return Object.fromEntries(rows.map((r) => [r.name, { name: r.name, value: r.setting, unit: r.unit, context: r.context, source: r.source, pendingRestart: r.pending_restart }]));
}

/** PostgreSQL 17 moved the checkpoint counters from pg_stat_bgwriter to pg_stat_checkpointer. */
async function readCheckpoints(q: Query, versionNum: number, now: Date): Promise<TuneFacts['checkpoints']> {
  const sql =
    versionNum >= 170000
      ? 'SELECT num_timed AS timed, num_requested AS requested, stats_reset FROM pg_catalog.pg_stat_checkpointer'
      : 'SELECT checkpoints_timed AS timed, checkpoints_req AS requested, stats_reset FROM pg_catalog.pg_stat_bgwriter';
  const [row] = await q<{ timed: string; requested: string; stats_reset: Date | null }>(sql);
  if (!row) return null;
  const [wal] = versionNum >= 140000 ? await q<{ bytes: string; stats_reset: Date | null }>('SELECT wal_bytes AS bytes, stats_reset FROM pg_catalog.pg_stat_wal') : [];
  return {
    timed: Number(row.timed),
    requested: Number(row.requested),
    window: window(row.stats_reset, now, 'stats-reset'),
    wal: wal ? { bytes: Number(wal.bytes), window: window(wal.stats_reset, now, 'stats-reset') } : null,
  };
}

async function readConnections(q: Query): Promise<TuneFacts['connections']> {
  const [row] = await q<{ current: number; active: number }>(
    `SELECT count(*)::int AS current, count(*) FILTER (WHERE state = 'active')::int AS active
       FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend'`,
  );
  return row!;
}

async function readLargeTables(q: Query): Promise<LargeTable[]> {
  const rows = await q<{ schema: string; table: string; live: string; dead: string; factor: string | null; last_autovacuum: Date | null }>(
    `SELECT s.schemaname AS schema, s.relname AS table,
            GREATEST(s.n_live_tup, c.reltuples::int8) AS live, s.n_dead_tup AS dead,
            (SELECT pg_catalog.split_part(o, '=', 2) FROM pg_catalog.unnest(c.reloptions) AS o
              WHERE o LIKE 'autovacuum\\_vacuum\\_scale\\_factor=%') AS factor,
            s.last_autovacuum
       FROM pg_catalog.pg_stat_user_tables s JOIN pg_catalog.pg_class c ON c.oid = s.relid
      WHERE GREATEST(s.n_live_tup, c.reltuples::int8) >= 1000000
      ORDER BY 3 DESC LIMIT 50`,
  );
  return rows.map((r) => ({
    schema: r.schema,
    table: r.table,
    liveRows: Number(r.live),
    deadRows: Number(r.dead),
    vacuumScaleFactor: r.factor === null ? null : Number(r.factor),
    lastAutovacuum: r.last_autovacuum ? new Date(r.last_autovacuum).toISOString() : null,
  }));
}

interface StatementRow {
  userid: number;
  queryid: string;
  toplevel: boolean;
  query: string;
  calls: string;
  total_ms: number;
  mean_ms: number;
  temp_blks_written: string;
  jit_functions: string | null;
  jit_ms: number | null;
}

/**
 * This database's statements (perfctl's own left out): totals for Little's
 * law over the window (since the extension's reset, or since a --since
 * snapshot), the statements that spill, and JIT time where the extension
 * records it (1.10, PostgreSQL 15).
 */
async function readStatements(q: Query, now: Date, since?: Snapshot): Promise<TuneFacts['statements']> {
  const extension = await readStatementsExtension(q);
  if (!extension.installed) {
    return { available: false, reason: extension.preloaded === false ? 'pg_stat_statements is not in shared_preload_libraries' : 'pg_stat_statements is not installed in this database (CREATE EXTENSION pg_stat_statements)' };
  }
  const { schema } = extension.installed;
  const columns = await readStatementColumns(q, schema);
  const ns = `"${schema.replace(/"/g, '""')}"`;
  const time = columns.has('total_exec_time') ? 'total_exec_time' : 'total_time';
  const mean = columns.has('mean_exec_time') ? 'mean_exec_time' : 'mean_time';
  const hasJit = columns.has('jit_functions');
  const rows = await q<StatementRow>(
    `SELECT s.userid::int8 AS userid, s.queryid::text AS queryid, ${columns.has('toplevel') ? 's.toplevel' : 'true'} AS toplevel,
            s.query, s.calls, s.${time} AS total_ms, s.${mean} AS mean_ms, s.temp_blks_written,
            ${hasJit ? 's.jit_functions' : 'NULL'} AS jit_functions,
            ${hasJit ? 's.jit_generation_time + s.jit_inlining_time + s.jit_optimization_time + s.jit_emission_time' : 'NULL'} AS jit_ms
       FROM ${ns}.pg_stat_statements s
      WHERE s.dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
        AND s.query NOT LIKE $1`,
    [`${OWN_SQL_PREFIX}%`],
  );
  const reset = since ? null : await statementsReset(q, ns);
  const before = new Map((since?.statements ?? []).map((s) => [s.key, s]));
  let calls = 0;
  let totalMs = 0;
  for (const r of rows) {
    const previous = before.get(statementKey(r));
    calls += Number(r.calls) - (previous?.calls ?? 0);
    totalMs += r.total_ms - (previous?.total_ms ?? 0);
  }
  const spills: StatementSpill[] = rows
    .filter((r) => Number(r.temp_blks_written) > 0)
    .sort((a, b) => Number(b.temp_blks_written) - Number(a.temp_blks_written))
    .slice(0, 5)
    .map((r) => ({ query: r.query, calls: Number(r.calls), tempBlksWritten: Number(r.temp_blks_written), meanMs: r.mean_ms }));
  const jit = hasJit ? { functions: rows.reduce((n, r) => n + Number(r.jit_functions ?? 0), 0), ms: rows.reduce((n, r) => n + (r.jit_ms ?? 0), 0) } : null;
  const win = since ? window(since.taken_at, now, 'snapshot') : window(reset, now, 'stats-reset');
  return { available: true, window: win, calls: Math.max(0, calls), totalMs: Math.max(0, totalMs), spills, jit };
}

/** pg_stat_statements_info (1.9, PostgreSQL 14) says when the statistics were last reset. */
async function statementsReset(q: Query, ns: string): Promise<Date | null> {
  const [exists] = await q<{ ok: boolean }>(`SELECT pg_catalog.to_regclass($1) IS NOT NULL AS ok`, [`${ns}.pg_stat_statements_info`]);
  if (!exists?.ok) return null;
  const [row] = await q<{ stats_reset: Date | null }>(`SELECT stats_reset FROM ${ns}.pg_stat_statements_info`);
  return row?.stats_reset ?? null;
}
