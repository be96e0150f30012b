import type { Reader } from './read.js';
import type { IntegerKeyRow, SequenceRow } from './types.js';

/**
 * Every sequence with the integer columns it feeds: owned by the column
 * (serial, identity) or named in a column DEFAULT nextval(...). last_value is
 * read the way pg_sequences does, only where this role has SELECT or USAGE on
 * the sequence (null otherwise, and null before the first nextval).
 */
export async function readSequences(q: Reader): Promise<SequenceRow[]> {
  const rows = await q<Record<string, unknown>>(
    `SELECT n.nspname AS schema, c.relname AS name, s.seqtypid::regtype::text AS type, s.seqmin::text AS min, s.seqmax::text AS max,
            s.seqincrement::text AS increment, s.seqcycle AS cycle,
            pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE') AS readable,
            CASE WHEN pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE') THEN pg_catalog.pg_sequence_last_value(c.oid)::text END AS last_value,
            COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_object('schema', tn.nspname, 'table', t.relname, 'column', a.attname, 'type', a.atttypid::regtype::text)
                                         ORDER BY tn.nspname, t.relname, a.attname)
                        FROM (SELECT d.refobjid AS relid, d.refobjsubid AS attnum FROM pg_catalog.pg_depend d
                               WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
                                 AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
                              UNION
                              SELECT ad.adrelid, ad.adnum FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid
                               WHERE d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = c.oid) f
                        JOIN pg_catalog.pg_class t ON t.oid = f.relid
                        JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
                        JOIN pg_catalog.pg_attribute a ON a.attrelid = f.relid AND a.attnum = f.attnum AND NOT a.attisdropped), '[]') AS columns
       FROM pg_catalog.pg_sequence s
       JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT pg_catalog.pg_is_other_temp_schema(n.oid)`,
  );
  return rows.map((r) => ({
    schema: String(r.schema),
    name: String(r.name),
    type: String(r.type),
    min: Number(r.min),
    max: Number(r.max),
    increment: Number(r.increment),
    cycle: Boolean(r.cycle),
    readable: Boolean(r.readable),
    lastValue: r.last_value === null ? null : Number(r.last_value),
    columns: r.columns as SequenceRow['columns'],
  }));
}

/**
 * Single-column smallint and integer primary keys no sequence feeds (the
 * application picks the values), with the highest value pg_stats saw at the
 * last ANALYZE: the histogram's last bound or the largest common value.
 * pg_stats shows only columns this role may SELECT; the others have null.
 */
export async function readIntegerKeys(q: Reader): Promise<IntegerKeyRow[]> {
  const rows = await q<Record<string, unknown>>(
    `SELECT n.nspname AS schema, t.relname AS table, a.attname AS column, a.atttypid::regtype::text AS type,
            (SELECT pg_catalog.max(v)::text FROM pg_catalog.pg_stats st,
                    LATERAL pg_catalog.unnest(COALESCE(st.histogram_bounds::text::int8[], '{}') || COALESCE(st.most_common_vals::text::int8[], '{}')) v
              WHERE st.schemaname = n.nspname AND st.tablename = t.relname AND st.attname = a.attname AND NOT st.inherited) AS max_seen
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
      WHERE i.indisprimary AND i.indnkeyatts = 1 AND a.atttypid IN ('pg_catalog.int2'::regtype, 'pg_catalog.int4'::regtype)
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
        AND a.attidentity = ''
        AND NOT EXISTS (SELECT FROM pg_catalog.pg_attrdef ad JOIN pg_catalog.pg_depend d
                          ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
                        JOIN pg_catalog.pg_class sc ON sc.oid = d.refobjid AND sc.relkind = 'S'
                         WHERE ad.adrelid = t.oid AND ad.adnum = a.attnum)`,
  );
  return rows.map((r) => ({
    schema: String(r.schema),
    table: String(r.table),
    column: String(r.column),
    type: String(r.type),
    maxSeen: r.max_seen === null || r.max_seen === undefined ? null : Number(r.max_seen),
  }));
}
