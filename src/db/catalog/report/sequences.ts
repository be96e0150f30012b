import type { Reader } from './read.js';
import type { SequenceRow } from './types.js';

/**
 * Every sequence that has been used, with the limit it will hit first: its
 * own maximum, or the maximum of the integer column it feeds (a bigint
 * sequence behind an integer key fails at 2,147,483,647). Numbers beyond
 * 2^53 travel as text; the share used is computed here in numeric.
 * last_value is NULL for sequences this role may not read: left out.
 */
export async function readSequences(q: Reader): Promise<SequenceRow[]> {
  const rows = await q<{ schema: string; name: string; last_value: string; max_value: string; column_limit: string | null; owner_column: string | null; column_type: string | null; primary_key: boolean; used: number }>(
    `WITH seqs AS (
       SELECT s.schemaname, s.sequencename, s.last_value, s.max_value, s.increment_by,
              pg_catalog.to_regclass(pg_catalog.quote_ident(s.schemaname) || '.' || pg_catalog.quote_ident(s.sequencename)) AS oid
         FROM pg_catalog.pg_sequences s
        WHERE s.last_value IS NOT NULL AND s.increment_by > 0)
     SELECT s.schemaname AS schema, s.sequencename AS name, s.last_value::text AS last_value, s.max_value::text AS max_value,
            col.lim::text AS column_limit, col.owner_column, col.column_type, COALESCE(col.primary_key, false) AS primary_key,
            (s.last_value::numeric / LEAST(s.max_value::numeric, COALESCE(col.lim, s.max_value::numeric)))::float8 AS used
       FROM seqs s
       LEFT JOIN LATERAL (
         SELECT pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.relname) || '.' || pg_catalog.quote_ident(a.attname) AS owner_column,
                pg_catalog.format_type(a.atttypid, a.atttypmod) AS column_type,
                CASE a.atttypid WHEN 'pg_catalog.int2'::pg_catalog.regtype THEN 32767::numeric
                                WHEN 'pg_catalog.int4'::pg_catalog.regtype THEN 2147483647::numeric
                                WHEN 'pg_catalog.int8'::pg_catalog.regtype THEN 9223372036854775807::numeric END AS lim,
                EXISTS (SELECT 1 FROM pg_catalog.pg_index x WHERE x.indrelid = t.oid AND x.indisprimary AND a.attnum = ANY (x.indkey)) AS primary_key
           FROM pg_catalog.pg_depend d
           JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
           JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
           JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
          WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = s.oid
            AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
          LIMIT 1) col ON true
      ORDER BY used DESC`,
  );
  return rows.map((r) => ({
    schema: r.schema,
    name: r.name,
    lastValue: r.last_value,
    limit: r.column_limit !== null && BigInt(r.column_limit) < BigInt(r.max_value) ? r.column_limit : r.max_value,
    limitedBy: r.column_limit !== null && BigInt(r.column_limit) < BigInt(r.max_value) ? 'column' : 'sequence',
    column: r.owner_column,
    columnType: r.column_type,
    primaryKey: r.primary_key,
    used: Number(r.used),
  }));
}
