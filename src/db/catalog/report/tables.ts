import type { Reader } from './read.js';
import { iso } from './statements.js';
import type { TableRow } from './types.js';

/**
 * Usage, maintenance and buffer counters of every user table, with sizes for
 * the bloat estimate. Index sizes in the total come from relpages, like
 * readIndexes, so the tables are opened but not their indexes.
 */
export async function readTables(q: Reader): Promise<TableRow[]> {
  const [rows, widths] = [await readTableStats(q), await readRowWidths(q)];
  return rows.map((r) => ({ ...r, rowWidth: widths.get(r.oid) ?? null }));
}

export async function readTableStats(q: Reader): Promise<Array<Omit<TableRow, 'rowWidth'>>> {
  const rows = await q<Record<string, unknown>>(
    `SELECT s.relid::int8 AS oid, s.schemaname AS schema, s.relname AS name,
            COALESCE(s.seq_scan, 0) AS seq_scan, COALESCE(s.seq_tup_read, 0) AS seq_tup_read, COALESCE(s.idx_scan, 0) AS idx_scan,
            s.n_tup_ins, s.n_tup_upd, s.n_tup_del, s.n_live_tup, s.n_dead_tup, s.n_mod_since_analyze,
            GREATEST(s.last_vacuum, s.last_autovacuum) AS last_vacuum, GREATEST(s.last_analyze, s.last_autoanalyze) AS last_analyze,
            COALESCE(io.heap_blks_read, 0) AS heap_read, COALESCE(io.heap_blks_hit, 0) AS heap_hit,
            COALESCE(io.idx_blks_read, 0) AS idx_read, COALESCE(io.idx_blks_hit, 0) AS idx_hit,
            pg_catalog.pg_relation_size(s.relid) AS bytes,
            pg_catalog.pg_table_size(s.relid)
              + pg_catalog.current_setting('block_size')::int8 * (SELECT COALESCE(pg_catalog.sum(ic.relpages), 0)::int8 FROM pg_catalog.pg_index x
                 JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid WHERE x.indrelid = s.relid) AS total_bytes,
            c.relpages, c.reltuples,
            COALESCE((SELECT pg_catalog.split_part(o, '=', 2)::int FROM pg_catalog.unnest(c.reloptions) o WHERE o LIKE 'fillfactor=%'), 100) AS fillfactor
       FROM pg_catalog.pg_stat_user_tables s
       JOIN pg_catalog.pg_statio_user_tables io ON io.relid = s.relid
       JOIN pg_catalog.pg_class c ON c.oid = s.relid`,
  );
  return rows.map((r) => ({
    oid: Number(r.oid),
    schema: String(r.schema),
    name: String(r.name),
    seqScan: Number(r.seq_scan),
    seqTupRead: Number(r.seq_tup_read),
    idxScan: Number(r.idx_scan),
    inserted: Number(r.n_tup_ins),
    updated: Number(r.n_tup_upd),
    deleted: Number(r.n_tup_del),
    liveTuples: Number(r.n_live_tup),
    deadTuples: Number(r.n_dead_tup),
    modSinceAnalyze: Number(r.n_mod_since_analyze),
    lastVacuum: iso(r.last_vacuum),
    lastAnalyze: iso(r.last_analyze),
    heapRead: Number(r.heap_read),
    heapHit: Number(r.heap_hit),
    idxRead: Number(r.idx_read),
    idxHit: Number(r.idx_hit),
    bytes: Number(r.bytes),
    totalBytes: Number(r.total_bytes),
    relpages: Number(r.relpages),
    reltuples: Number(r.reltuples),
    fillfactor: Number(r.fillfactor),
  }));
}

/**
 * Average row width per table from pg_stats, only where every live column has
 * statistics. pg_stats shows only columns this role may SELECT, so under
 * pg_monitor alone the map is empty and the bloat estimate is left out.
 */
export async function readRowWidths(q: Reader): Promise<Map<number, number>> {
  const rows = await q<{ oid: string; width: string }>(
    `SELECT c.oid::int8 AS oid, w.width
       FROM (SELECT st.schemaname, st.tablename, pg_catalog.sum(st.avg_width) AS width, pg_catalog.count(*) AS n
               FROM pg_catalog.pg_stats st WHERE NOT st.inherited GROUP BY 1, 2) w
       JOIN pg_catalog.pg_namespace ns ON ns.nspname = w.schemaname
       JOIN pg_catalog.pg_class c ON c.relnamespace = ns.oid AND c.relname = w.tablename
      WHERE w.n = (SELECT pg_catalog.count(*) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)`,
  );
  return new Map(rows.map((r) => [Number(r.oid), Number(r.width)]));
}
