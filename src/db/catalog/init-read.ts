import type pg from 'pg';
import { queryError } from '../errors.js';
import { markOwn } from '../mark.js';
import type { Database } from '../pool.js';
import { userSearchPathSql } from '../search-path.js';
import { indexFromRow } from './index-rows.js';
import { indexDetailSql, type IndexDetailRow } from './index-sql.js';
import type { CatalogIndex, TableKind } from './types.js';

/** A table `perfctl init --from-db` may describe. */
export interface InitTable {
  oid: number;
  schema: string;
  name: string;
  kind: TableKind;
  isPartition: boolean;
}

/** How one index key names its operator class and collation in SQL, unqualified. */
export interface InitKeyNames {
  opclass: string | null;
  /** Whether the unqualified name finds this operator class on the search_path. */
  opclassVisible: boolean;
  collation: string | null;
  collationVisible: boolean;
}

/** A catalog index with what a spec entry needs beyond its shape. */
export interface InitIndex extends CatalogIndex {
  /** A partition's index attached to its parent's partitioned index. */
  attached: boolean;
  keyNames: InitKeyNames[];
  /** Storage parameters (reloptions), e.g. "fillfactor=70". */
  storage: string[];
  tablespace: string | null;
  /** pg_get_constraintdef of the constraint it backs, e.g. "PRIMARY KEY (id)". */
  constraintDefinition: string | null;
}

export interface InitCatalog {
  serverVersionNum: number;
  /** Connections a client may open: max_connections less the reserved ones. */
  availableConnections: number;
  indexes: InitIndex[];
}

/**
 * Every table-like relation an index can live on, outside the system schemas
 * and not owned by an extension (PostGIS's spatial_ref_sys is not the team's).
 */
export async function readInitTables(db: Database): Promise<InitTable[]> {
  const rows = await db.query<{ oid: number; schema: string; name: string; relkind: string; is_partition: boolean }>(
    `SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, c.relispartition AS is_partition
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'm')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                         WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY n.nspname, c.relname`,
    [],
    'reading the tables',
  );
  const kinds: Record<string, TableKind> = { r: 'table', p: 'partitioned', m: 'materialized-view' };
  return rows.map((r) => ({ oid: Number(r.oid), schema: r.schema, name: r.name, kind: kinds[r.relkind] ?? 'other', isPartition: r.is_partition }));
}

interface ExtraRow {
  schema: string;
  name: string;
  attached: boolean;
  storage: string[] | null;
  tablespace: string | null;
  constraint_definition: string | null;
  keys: Array<[string | null, boolean | null, string | null, boolean | null]> | null;
}

/** Every index of the chosen tables, in the planner's catalog form plus what init writes. */
export async function readInitCatalog(db: Database, tables: InitTable[]): Promise<InitCatalog> {
  const oids = tables.map((t) => t.oid);
  const settings = await db.query<{ version_num: number; available: number }>(
    `SELECT pg_catalog.current_setting('server_version_num')::int AS version_num,
            pg_catalog.current_setting('max_connections')::int
              - pg_catalog.current_setting('superuser_reserved_connections')::int
              - COALESCE(pg_catalog.current_setting('reserved_connections', true)::int, 0) AS available`,
    [],
    'reading the server settings',
  );
  const { version_num: versionNum, available } = settings[0]!;
  // Read as the spec will name things: operator classes, collations and functions on the user's
  // own search_path are printed unqualified (see search-path.ts), in a rolled-back transaction.
  const { details, extras } = await withUserSearchPath(db, async (query) => ({
    details: await query<IndexDetailRow>(indexDetailSql(versionNum, 't.oid = ANY($1::oid[])'), [oids]),
    extras: await query<ExtraRow>(
    `SELECT n.nspname AS schema, i.relname AS name, i.relispartition AS attached,
            i.reloptions::text[] AS storage, ts.spcname AS tablespace,
            (SELECT pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con
              WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x') LIMIT 1) AS constraint_definition,
            (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(
                      oc.opcname, pg_catalog.pg_opclass_is_visible(oc.oid),
                      co.collname, pg_catalog.pg_collation_is_visible(co.oid)) ORDER BY k)
               FROM pg_catalog.generate_series(1, x.indnkeyatts) AS k
               LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = x.indclass[k - 1]
               LEFT JOIN pg_catalog.pg_collation co ON co.oid = x.indcollation[k - 1]) AS keys
       FROM pg_catalog.pg_index x
       JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
       LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = i.reltablespace
      WHERE x.indrelid = ANY($1::oid[])`,
      [oids],
    ),
  }));
  const byName = new Map(extras.map((e) => [`${e.schema}\u0000${e.name}`, e]));
  const indexes = details.map((row): InitIndex => {
    const extra = byName.get(`${row.schema}\u0000${row.name}`);
    return {
      ...indexFromRow(row),
      attached: extra?.attached ?? false,
      keyNames: (extra?.keys ?? []).map(([opclass, opclassVisible, collation, collationVisible]) => ({
        opclass,
        opclassVisible: opclassVisible ?? true,
        collation,
        collationVisible: collationVisible ?? true,
      })),
      storage: extra?.storage ?? [],
      tablespace: extra?.tablespace ?? null,
      constraintDefinition: extra?.constraint_definition ?? null,
    };
  });
  return { serverVersionNum: versionNum, availableConnections: Math.max(1, available), indexes };
}

type Query = <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => Promise<R[]>;

async function withUserSearchPath<T>(db: Database, fn: (query: Query) => Promise<T>): Promise<T> {
  return db.withClient(async (client) => {
    try {
      await client.query(`BEGIN TRANSACTION READ ONLY; ${userSearchPathSql(true)}`);
      return await fn(async (sql, params) => (await client.query(markOwn(sql), params)).rows);
    } catch (error) {
      throw queryError(error, 'reading the indexes');
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  });
}
