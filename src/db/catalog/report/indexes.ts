import { readOpclasses, renderIndexDefinition } from './index-definition.js';
import type { Reader } from './read.js';
import { iso } from './statements.js';
import type { IndexRow } from './types.js';

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/**
 * Every index of the user schemas with what the checks compare: keys,
 * opclasses, collations, options and predicate, plus usage and size.
 *
 * Built to stay cheap with tens of thousands of indexes: a fresh session has
 * to build a relcache entry for every relation it opens, so per-index
 * pg_get_indexdef() and pg_relation_size() cost seconds there. Sizes come from
 * pg_class.relpages (as of the last VACUUM, ANALYZE or build), expression
 * text is asked only for expression columns, the definition is rendered here
 * from the parts, and the IN (subquery) forms run once as hashed subplans.
 */
export async function readIndexes(q: Reader, serverVersionNum: number): Promise<IndexRow[]> {
  const opclasses = await readOpclasses(q);
  const lastScan = serverVersionNum >= 160000 ? 's.last_idx_scan' : 'NULL::timestamptz';
  const rows = await q<Record<string, unknown>>(
    `SELECT i.indexrelid::int8 AS oid, i.indrelid::int8 AS table_oid, n.nspname AS schema, t.relname AS table, c.relname AS name,
            am.amname AS method, i.indisunique AS unique, i.indisprimary AS primary, i.indisvalid AS valid,
            i.indnkeyatts AS key_count, i.indkey::text AS attnums, i.indclass::text AS opclasses,
            i.indcollation::text AS collations, i.indoption::text AS options,
            ARRAY(SELECT CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true) ELSE a.attname::text END
                    FROM pg_catalog.generate_series(1, i.indnatts) AS k(n)
                    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]
                   ORDER BY k.n) AS columns,
            CASE WHEN i.indpred IS NOT NULL THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) END AS predicate,
            i.indexrelid IN (SELECT k.conindid FROM pg_catalog.pg_constraint k) AS backs_constraint,
            i.indexrelid IN (SELECT p.index_relid FROM pg_catalog.pg_stat_progress_create_index p) AS building,
            COALESCE(s.idx_scan, 0) AS scans, ${lastScan} AS last_scan,
            c.relpages::int8 * pg_catalog.current_setting('block_size')::int8 AS bytes
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
       JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_catalog.pg_am am ON am.oid = c.relam
       LEFT JOIN pg_catalog.pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
      WHERE ${USER_SCHEMAS} AND t.relkind IN ('r', 'm', 'p')`,
  );
  return rows.map((r) => {
    const row: Omit<IndexRow, 'definition'> = {
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
      attnums: numbers(r.attnums),
      columns: r.columns as string[],
      opclasses: numbers(r.opclasses),
      collations: numbers(r.collations),
      options: numbers(r.options),
      predicate: (r.predicate as string | null) ?? null,
      scans: Number(r.scans),
      lastScan: iso(r.last_scan),
      bytes: Number(r.bytes),
    };
    return { ...row, definition: renderIndexDefinition(row, opclasses) };
  });
}

/** int2vector and oidvector print as space-separated numbers: cheaper to split than arrays to parse. */
function numbers(vector: unknown): number[] {
  const text = String(vector ?? '').trim();
  return text === '' ? [] : text.split(' ').map(Number);
}

export { USER_SCHEMAS };
