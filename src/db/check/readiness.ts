import type { IndexReadiness } from '../../core/check/types.js';
import type { Spec } from '../../spec/types.js';
import type { Database } from '../pool.js';

/**
 * The indexes the checks may name (the spec's, and any a query expects with
 * uses_index), with what could keep the planner from them: indcheckxmin, an
 * expression index without statistics (kept under the index itself, read
 * through pg_stats, which any role may query: pg_statistic is the
 * superuser's), a table never analysed. One round trip.
 */
export async function readReadiness(db: Database, spec: Pick<Spec, 'indexes' | 'queries'>): Promise<IndexReadiness[]> {
  const qualified = spec.indexes.map((i) => `${i.schema}.${i.name}`);
  const named = spec.queries.flatMap((q) => (typeof q.expect.uses_index === 'string' ? [q.expect.uses_index] : []));
  if (qualified.length === 0 && named.length === 0) return [];
  const rows = await db.query<{ schema: string; table: string; name: string; check_xmin: boolean; expression_without_stats: boolean | null; never_analyzed: boolean }>(
    `SELECT n.nspname AS schema, t.relname AS "table", i.relname AS name, x.indcheckxmin AS check_xmin,
            CASE WHEN x.indexprs IS NULL THEN false
                 -- pg_stats shows an index's rows only to roles that may read it (its owner, pg_read_all_data).
                 WHEN NOT pg_catalog.has_table_privilege(x.indexrelid, 'SELECT') THEN NULL
                 ELSE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stats s WHERE s.schemaname = n.nspname AND s.tablename = i.relname)
            END AS expression_without_stats,
            t.reltuples < 0 AS never_analyzed
       FROM pg_catalog.pg_index x
       JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
       JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
      WHERE x.indisvalid AND x.indisready
        AND ((n.nspname || '.' || i.relname) = ANY($1::text[])
             OR (i.relname = ANY($2::text[]) AND n.nspname <> ALL (ARRAY['pg_catalog', 'information_schema', 'pg_toast'])))
      ORDER BY 1, 3`,
    [qualified, named],
    'reading index readiness',
  );
  return rows.map((r) => ({ schema: r.schema, table: r.table, name: r.name, checkXmin: r.check_xmin, expressionWithoutStats: r.expression_without_stats, tableNeverAnalyzed: r.never_analyzed }));
}
