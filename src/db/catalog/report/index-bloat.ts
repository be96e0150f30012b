import type { Reader } from './read.js';
import { USER_SCHEMAS } from './indexes.js';
import type { IndexStats } from './types.js';

/**
 * What the btree bloat estimate needs, per index: its row and page counts,
 * fillfactor, and pg_stats' average width and null fraction of each of its
 * columns (a table column's, or for an expression the index's own statistics).
 * Only indexes whose every column has statistics this role can see are in the
 * map: pg_stats shows only columns the role may SELECT.
 */
export async function readIndexStats(q: Reader): Promise<Map<number, IndexStats>> {
  const rows = await q<Record<string, unknown>>(
    `SELECT i.indexrelid::int8 AS oid, c.reltuples, c.relpages,
            COALESCE((SELECT pg_catalog.split_part(o, '=', 2)::int FROM pg_catalog.unnest(c.reloptions) o WHERE o LIKE 'fillfactor=%'), 90) AS fillfactor,
            pg_catalog.count(*) AS columns, pg_catalog.count(COALESCE(ts.avg_width, xs.avg_width)) AS with_stats,
            pg_catalog.sum((1 - COALESCE(ts.null_frac, xs.null_frac)) * COALESCE(ts.avg_width, xs.avg_width))::float8 AS data_width,
            pg_catalog.max(COALESCE(ts.null_frac, xs.null_frac))::float8 AS max_null_frac
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
       JOIN pg_catalog.pg_am am ON am.oid = c.relam AND am.amname = 'btree'
       JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum > 0
       LEFT JOIN pg_catalog.pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[ia.attnum - 1] AND i.indkey[ia.attnum - 1] <> 0
       LEFT JOIN pg_catalog.pg_stats ts ON ta.attname IS NOT NULL AND ts.schemaname = n.nspname AND ts.tablename = t.relname AND ts.attname = ta.attname AND NOT ts.inherited
       LEFT JOIN pg_catalog.pg_stats xs ON ta.attname IS NULL AND xs.schemaname = n.nspname AND xs.tablename = c.relname AND xs.attname = ia.attname AND NOT xs.inherited
      WHERE ${USER_SCHEMAS} AND t.relkind IN ('r', 'm') AND i.indisvalid
      GROUP BY i.indexrelid, c.reltuples, c.relpages, c.reloptions`,
  );
  const stats = new Map<number, IndexStats>();
  for (const r of rows) {
    if (Number(r.with_stats) !== Number(r.columns)) continue;
    stats.set(Number(r.oid), {
      reltuples: Number(r.reltuples),
      relpages: Number(r.relpages),
      fillfactor: Number(r.fillfactor),
      dataWidth: Number(r.data_width),
      nullable: Number(r.max_null_frac) > 0,
    });
  }
  return stats;
}
