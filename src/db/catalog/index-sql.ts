/**
 * The catalog query that describes indexes, shared by the live snapshot and by
 * the normalisation of spec indexes on temporary tables, so both sides of a
 * comparison are printed by the same PostgreSQL functions.
 * int2vector/oidvector subscripts start at 0; index column numbers at 1.
 */
export function indexDetailSql(versionNum: number, where: string): string {
  const nnd = versionNum >= 150000 ? 'x.indnullsnotdistinct' : 'false';
  return `
SELECT n.nspname AS schema, t.relname AS "table", i.relname AS name, am.amname AS method,
       x.indisunique AS unique, ${nnd} AS nulls_not_distinct,
       x.indisvalid AS valid, x.indisready AS ready,
       (SELECT con.contype FROM pg_catalog.pg_constraint con
         WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x') LIMIT 1) AS constraint_type,
       pg_catalog.pg_relation_size(i.oid) AS size_bytes,
       x.indnkeyatts AS key_count,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(
                 CASE WHEN x.indkey[k - 1] = 0 THEN NULL ELSE a.attname END,
                 CASE WHEN x.indkey[k - 1] = 0 THEN pg_catalog.pg_get_indexdef(x.indexrelid, k, true) END,
                 ocn.nspname || '.' || oc.opcname, oc.opcdefault,
                 cn.nspname || '.' || co.collname,
                 x.indcollation[k - 1] = COALESCE(a.attcollation, 100),
                 x.indoption[k - 1]) ORDER BY k)
          FROM pg_catalog.generate_series(1, x.indnatts) AS k
          LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k - 1] AND x.indkey[k - 1] <> 0
          LEFT JOIN pg_catalog.pg_opclass oc ON k <= x.indnkeyatts AND oc.oid = x.indclass[k - 1]
          LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
          LEFT JOIN pg_catalog.pg_collation co ON k <= x.indnkeyatts AND co.oid = x.indcollation[k - 1]
          LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace) AS columns,
       CASE WHEN x.indpred IS NOT NULL THEN pg_catalog.pg_get_expr(x.indpred, x.indrelid, true) END AS predicate,
       i.relkind = 'I' AS partitioned,
       (SELECT pn.nspname || '.' || p.relname FROM pg_catalog.pg_inherits inh
          JOIN pg_catalog.pg_class p ON p.oid = inh.inhparent
          JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
         WHERE inh.inhrelid = x.indexrelid LIMIT 1) AS attached_to,
       (SELECT pg_catalog.array_agg(con.conname || ' on ' || fn.nspname || '.' || f.relname ORDER BY con.conname)
          FROM pg_catalog.pg_constraint con
          JOIN pg_catalog.pg_class f ON f.oid = con.conrelid
          JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
         WHERE con.conindid = x.indexrelid AND con.contype = 'f') AS foreign_keys,
       x.indisreplident AS replica_identity, x.indisclustered AS clustered,
       pg_catalog.obj_description(i.oid, 'pg_class') AS comment,
       (SELECT ts.spcname FROM pg_catalog.pg_tablespace ts WHERE ts.oid = i.reltablespace) AS tablespace,
       i.reloptions AS storage,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(ia.attnum, ia.attstattarget) ORDER BY ia.attnum)
          FROM pg_catalog.pg_attribute ia WHERE ia.attrelid = x.indexrelid AND ia.attstattarget >= 0) AS statistics
  FROM pg_catalog.pg_index x
  JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
  JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_catalog.pg_am am ON am.oid = i.relam
 WHERE ${where}
 ORDER BY n.nspname, t.relname, i.relname`;
}

/** [attname, expression, opclass, opclass default, collation, collation default, indoption] */
type ColumnRow = [string | null, string | null, string | null, boolean | null, string | null, boolean | null, number | null];

export interface IndexDetailRow {
  schema: string;
  table: string;
  name: string;
  method: string;
  unique: boolean;
  nulls_not_distinct: boolean;
  valid: boolean;
  ready: boolean;
  constraint_type: 'p' | 'u' | 'x' | null;
  size_bytes: string;
  key_count: number;
  columns: ColumnRow[];
  predicate: string | null;
  partitioned: boolean;
  attached_to: string | null;
  foreign_keys: string[] | null;
  replica_identity: boolean;
  clustered: boolean;
  comment: string | null;
  tablespace: string | null;
  storage: string[] | null;
  /** [index column number, statistics target] for columns with a target set. */
  statistics: Array<[number, number]> | null;
}
