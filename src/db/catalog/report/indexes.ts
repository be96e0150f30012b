import type { Reader } from './read.js';
import { iso } from './statements.js';
import type { IndexRow } from './types.js';

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/**
 * Every index of the user schemas with what the checks compare: keys,
 * opclasses, collations, options and predicate, plus usage and size.
 * Expression text is fetched per column only where there is an expression,
 * so this stays cheap on catalogs with tens of thousands of indexes.
 */
export async function readIndexes(q: Reader, serverVersionNum: number): Promise<IndexRow[]> {
  const lastScan = serverVersionNum >= 160000 ? 's.last_idx_scan' : 'NULL::timestamptz';
  const rows = await q<Record<string, unknown>>(
    `SELECT i.indexrelid::int8 AS oid, i.indrelid::int8 AS table_oid, n.nspname AS schema, t.relname AS table, c.relname AS name,
            am.amname AS method, i.indisunique AS unique, i.indisprimary AS primary, i.indisvalid AS valid,
            i.indnkeyatts AS key_count, i.indkey::int2[] AS attnums, i.indclass::oid[]::int8[] AS opclasses,
            i.indcollation::oid[]::int8[] AS collations, i.indoption::int2[] AS options,
            ARRAY(SELECT CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true) ELSE a.attname::text END
                    FROM pg_catalog.generate_series(1, i.indnatts) AS k(n)
                    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]
                   ORDER BY k.n) AS columns,
            CASE WHEN i.indpred IS NOT NULL THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) END AS predicate,
            pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
            EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid) AS backs_constraint,
            EXISTS (SELECT 1 FROM pg_catalog.pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid) AS building,
            COALESCE(s.idx_scan, 0) AS scans, ${lastScan} AS last_scan,
            pg_catalog.pg_relation_size(i.indexrelid) AS bytes
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
       JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_catalog.pg_am am ON am.oid = c.relam
       LEFT JOIN pg_catalog.pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
      WHERE ${USER_SCHEMAS} AND t.relkind IN ('r', 'm', 'p')`,
  );
  return rows.map((r) => ({
    oid: Number(r.oid),
    tableOid: Number(r.table_oid),
    schema: String(r.schema),
    table: String(r.table),
    name: String(r.name),
    method: String(r.method),
    unique: Boolean(r.unique),
    primary: Boolean(r.primary),
    valid: Boolean(r.valid),
    building: Boolean(r.building),
    backsConstraint: Boolean(r.backs_constraint),
    keyCount: Number(r.key_count),
    attnums: (r.attnums as number[]).map(Number),
    columns: r.columns as string[],
    opclasses: (r.opclasses as string[]).map(Number),
    collations: (r.collations as string[]).map(Number),
    options: (r.options as number[]).map(Number),
    predicate: (r.predicate as string | null) ?? null,
    definition: String(r.definition),
    scans: Number(r.scans),
    lastScan: iso(r.last_scan),
    bytes: Number(r.bytes),
  }));
}

export { USER_SCHEMAS };
