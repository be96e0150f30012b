import type { ClaimedTable, IndexSpec } from '../../spec/types.js';
import type { Database } from '../pool.js';
import { indexFromRow } from './index-rows.js';
import { indexDetailSql, type IndexDetailRow } from './index-sql.js';
import { normaliseSpecIndexes } from './normalise.js';
import { readPartitionTrees } from './partitions.js';
import type { BuildInProgress, CatalogTable, IndexSnapshot, OtherRelation, TableKind } from './types.js';

const KINDS: Record<string, TableKind> = { r: 'table', p: 'partitioned', v: 'view', m: 'materialized-view', f: 'foreign-table' };
const OTHER_KINDS: Record<string, string> = { S: 'sequence', i: 'index', I: 'index', c: 'composite type', t: 'toast table' };

/**
 * The whole snapshot in a constant number of round trips, however large the
 * catalog: relations of the spec's schemas, full index details for the spec's
 * tables, builds in progress, then the spec indexes normalised by PostgreSQL.
 */
export async function readIndexSnapshot(db: Database, specIndexes: IndexSpec[], claimed: ClaimedTable[] = []): Promise<IndexSnapshot> {
  const schemas = [...new Set([...specIndexes, ...claimed].map((i) => i.schema))].sort();
  const named = [...specIndexes, ...claimed.filter((c) => c.table !== null)] as Array<{ schema: string; table: string }>;
  const specTables = [...new Set(named.map((i) => `${i.schema}.${i.table}`))];
  // Schemas claimed whole: every table-like relation in them is a spec table.
  const wholeSchemas = [...new Set(claimed.filter((c) => c.table === null).map((c) => c.schema))];
  const relations = await readRelations(db, schemas, specTables, wholeSchemas);
  const partitions = await readPartitionTrees(db, relations.tables);
  const indexRows = await db.query<IndexDetailRow>(
    indexDetailSql(
      relations.versionNum,
      `(((n.nspname || '.' || t.relname) = ANY($1::text[]) OR (n.nspname = ANY($3::text[]) AND t.relkind IN ('r', 'p', 'm'))) AND n.nspname = ANY($2::text[])) OR t.oid = ANY($4::oid[])`,
    ),
    [specTables, schemas, wholeSchemas, partitions.oids],
    'reading the indexes of the spec tables',
  );
  const inProgress = await readBuildsInProgress(db);
  const partial = {
    serverVersionNum: relations.versionNum,
    schemas,
    tables: relations.tables,
    indexes: indexRows.map(indexFromRow),
    otherRelations: relations.others,
    inProgress,
  };
  const specShapes = await normaliseSpecIndexes(db, partial, specIndexes);
  return { ...partial, specIndexes: specShapes };
}

interface RelationRow {
  schema: string;
  name: string;
  relkind: string;
  is_partition: boolean;
  size_bytes: string | null;
  row_estimate: number;
  columns: string[] | null;
  not_null: string[] | null;
}

async function readRelations(db: Database, schemas: string[], specTables: string[], wholeSchemas: string[]): Promise<{ versionNum: number; tables: CatalogTable[]; others: OtherRelation[] }> {
  const rows = await db.query<RelationRow & { version_num: number }>(
    `SELECT pg_catalog.current_setting('server_version_num')::int AS version_num,
            n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, c.relispartition AS is_partition,
            CASE WHEN spec THEN pg_catalog.pg_table_size(c.oid) END AS size_bytes,
            c.reltuples::float8 AS row_estimate,
            CASE WHEN spec THEN (SELECT pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) END AS columns,
            CASE WHEN spec THEN (SELECT pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull) END AS not_null
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL (SELECT (n.nspname || '.' || c.relname) = ANY($2::text[]) OR (n.nspname = ANY($3::text[]) AND c.relkind IN ('r', 'p', 'm')) AS spec) s
      WHERE n.nspname = ANY($1::text[])
     UNION ALL
     SELECT pg_catalog.current_setting('server_version_num')::int, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL`,
    [schemas, specTables, wholeSchemas],
    'reading the catalog',
  );
  const versionNum = rows[0]!.version_num;
  const tables: CatalogTable[] = [];
  const others: OtherRelation[] = [];
  for (const row of rows) {
    if (row.schema === null) continue;
    const kind = KINDS[row.relkind];
    if (kind) {
      tables.push({
        schema: row.schema,
        name: row.name,
        kind,
        isPartition: row.is_partition,
        sizeBytes: Number(row.size_bytes ?? 0),
        rowEstimate: Math.max(0, row.row_estimate),
        columns: row.columns ?? [],
        notNull: row.not_null ?? [],
      });
    } else {
      others.push({ schema: row.schema, name: row.name, kind: OTHER_KINDS[row.relkind] ?? 'relation' });
    }
  }
  return { versionNum, tables, others };
}

/** CREATE INDEX / REINDEX running in this database now, by any session. */
export async function readBuildsInProgress(db: Database): Promise<BuildInProgress[]> {
  return db.query<BuildInProgress>(
    `SELECT p.pid, n.nspname AS schema, t.relname AS "table", i.relname AS index, p.command, p.phase
       FROM pg_catalog.pg_stat_progress_create_index p
       LEFT JOIN pg_catalog.pg_class t ON t.oid = p.relid
       LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_catalog.pg_class i ON i.oid = p.index_relid AND p.index_relid <> 0
      WHERE p.datid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
        AND p.pid <> pg_catalog.pg_backend_pid()`,
    [],
    'reading index builds in progress',
  );
}
