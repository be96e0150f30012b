import { quoteIdent } from '../../../util/text.js';
import type { Reader } from './read.js';
import type { StatementRow, StatementsData } from './types.js';

export interface StatementsExtension {
  installed?: { schema: string; version: string };
  /** Whether shared_preload_libraries lists it; null when this role may not see that setting. */
  preloaded: boolean | null;
}

/**
 * Where pg_stat_statements is installed in this database, and whether it is
 * preloaded. pg_settings hides superuser-only settings from roles without
 * pg_read_all_settings instead of failing, hence the null.
 */
export async function readStatementsExtension(q: Reader): Promise<StatementsExtension> {
  const rows = await q<{ schema: string | null; version: string | null; preload: string | null }>(
    `SELECT n.nspname AS schema, e.extversion AS version,
            (SELECT st.setting FROM pg_catalog.pg_settings st WHERE st.name = 'shared_preload_libraries') AS preload
       FROM (SELECT 1) AS one
       LEFT JOIN pg_catalog.pg_extension e ON e.extname = 'pg_stat_statements'
       LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace`,
  );
  const row = rows[0]!;
  const preloaded = row.preload === null ? null : row.preload.split(',').some((lib) => /(^|\/)pg_stat_statements$/.test(lib.trim().replace(/^"|"$/g, '')));
  return { installed: row.schema && row.version ? { schema: row.schema, version: row.version } : undefined, preloaded };
}

/**
 * The view's columns as installed. Names changed with the extension version,
 * not the server's (an upgraded server can keep an old extension version):
 * 1.8 (PG13) renamed total_time to total_exec_time, 1.9 (PG14) added toplevel,
 * 1.11 (PG17) added stats_since.
 */
export async function readStatementColumns(q: Reader, schema: string): Promise<Set<string>> {
  const rows = await q<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = 'pg_stat_statements' AND a.attnum > 0 AND NOT a.attisdropped`,
    [schema],
  );
  return new Set(rows.map((r) => r.name));
}

/** The SELECT list for this column set: one shape whatever the extension version. */
export function statementSelect(columns: Set<string>): string {
  const time = (stem: string) => (columns.has(`${stem}_exec_time`) ? `s.${stem}_exec_time` : `s.${stem}_time`);
  return [
    's.queryid::text AS queryid',
    's.userid::int8 AS userid',
    'COALESCE(r.rolname, s.userid::text) AS role',
    columns.has('toplevel') ? 's.toplevel' : 'true AS toplevel',
    's.query',
    's.calls',
    `${time('total')} AS total_ms`,
    `${time('mean')} AS mean_ms`,
    `${time('min')} AS min_ms`,
    `${time('max')} AS max_ms`,
    `${time('stddev')} AS stddev_ms`,
    's.rows',
    's.shared_blks_hit',
    's.shared_blks_read',
    's.temp_blks_written',
    columns.has('stats_since') ? 's.stats_since' : 'NULL::timestamptz AS stats_since',
  ].join(', ');
}

/** Statements of this database (not another's), perfctl's own queries (marked, src/db/mark.ts) left out. */
export async function readStatementRows(q: Reader, schema: string, columns: Set<string>, ownMarker: string): Promise<StatementRow[]> {
  const view = `${quoteIdent(schema)}.pg_stat_statements`;
  const rows = await q<Record<string, unknown>>(
    `SELECT ${statementSelect(columns)}
       FROM ${view} s
       LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.userid
      WHERE s.dbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
        AND pg_catalog.strpos(s.query, $1) = 0`,
    [ownMarker],
  );
  return rows.map((r) => ({
    queryid: String(r.queryid),
    userid: Number(r.userid),
    role: String(r.role),
    toplevel: Boolean(r.toplevel),
    query: r.query === null || r.query === '<insufficient privilege>' ? null : String(r.query),
    calls: Number(r.calls),
    totalMs: Number(r.total_ms),
    meanMs: Number(r.mean_ms),
    minMs: Number(r.min_ms),
    maxMs: Number(r.max_ms),
    stddevMs: Number(r.stddev_ms),
    rows: Number(r.rows),
    sharedHit: Number(r.shared_blks_hit),
    sharedRead: Number(r.shared_blks_read),
    tempWritten: Number(r.temp_blks_written),
    statsSince: iso(r.stats_since),
  }));
}

/** pg_stat_statements_info (1.9+): when the statistics were reset and how many entries were evicted. */
export async function readStatementsInfo(q: Reader, schema: string, columns: Set<string>): Promise<{ statsReset: string | null; dealloc: number | null }> {
  // The info view came with toplevel in 1.9; its absence means an older extension.
  if (!columns.has('toplevel')) return { statsReset: null, dealloc: null };
  const rows = await q<{ stats_reset: Date | null; dealloc: string }>(`SELECT i.stats_reset, i.dealloc FROM ${quoteIdent(schema)}.pg_stat_statements_info i`);
  const row = rows[0];
  return { statsReset: iso(row?.stats_reset), dealloc: row ? Number(row.dealloc) : null };
}

export async function readStatements(q: Reader, extension: { schema: string; version: string }, ownMarker: string): Promise<StatementsData> {
  const columns = await readStatementColumns(q, extension.schema);
  const [rows, info] = [await readStatementRows(q, extension.schema, columns, ownMarker), await readStatementsInfo(q, extension.schema, columns)];
  return { schema: extension.schema, version: extension.version, ...info, rows };
}

export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}
