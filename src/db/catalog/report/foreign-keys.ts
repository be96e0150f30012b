import { USER_SCHEMAS } from './indexes.js';
import type { Reader } from './read.js';
import type { ForeignKeyRow } from './types.js';

/** Foreign keys of the user schemas: the referencing columns, which an index should lead with. */
export async function readForeignKeys(q: Reader): Promise<ForeignKeyRow[]> {
  const rows = await q<{ name: string; table_oid: string; schema: string; table: string; attnums: number[]; columns: string[]; references: string }>(
    `SELECT k.conname AS name, k.conrelid::int8 AS table_oid, n.nspname AS schema, t.relname AS table,
            k.conkey AS attnums,
            ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord) AS columns,
            k.confrelid::pg_catalog.regclass::text AS references
       FROM pg_catalog.pg_constraint k
       JOIN pg_catalog.pg_class t ON t.oid = k.conrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
      WHERE k.contype = 'f' AND ${USER_SCHEMAS}`,
  );
  return rows.map((r) => ({
    name: r.name,
    tableOid: Number(r.table_oid),
    schema: r.schema,
    table: r.table,
    attnums: r.attnums.map(Number),
    columns: r.columns,
    references: r.references,
  }));
}
