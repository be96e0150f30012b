import type pg from 'pg';
import { renderCreateIndex, qualified } from '../../core/sql.js';
import type { IndexSpec } from '../../spec/types.js';
import { quoteIdent } from '../../util/text.js';
import { ConnectionError } from '../../errors.js';
import { pgFields, queryError } from '../errors.js';
import type { Database } from '../pool.js';
import { one } from '../one.js';
import { CATALOG_SEARCH_PATH_LOCAL, userSearchPathSql } from '../search-path.js';
import { shapeFromRow } from './index-rows.js';
import { indexDetailSql, type IndexDetailRow } from './index-sql.js';
import type { IndexSnapshot, NormalisedSpecIndex } from './types.js';

type Partial = Omit<IndexSnapshot, 'specIndexes'>;

/**
 * Lets PostgreSQL normalise each spec index: in one transaction that is always
 * rolled back, build it on an empty temporary copy of its table and read it
 * back with the same catalog query as the live indexes. `lower(email)` and
 * `lower((email)::text)`, a default opclass spelled out or not, casts in a
 * predicate: all come back printed the same way. Nothing is built on the real
 * table and nothing survives the transaction.
 */
export async function normaliseSpecIndexes(db: Database, snapshot: Partial, specIndexes: IndexSpec[]): Promise<NormalisedSpecIndex[]> {
  const tables = new Map(snapshot.tables.filter((t) => t.columns.length > 0).map((t) => [`${t.schema}.${t.name}`, t]));
  const buildable = specIndexes.filter((index) => {
    const table = tables.get(`${index.schema}.${index.table}`);
    if (!table || !['table', 'partitioned', 'materialized-view'].includes(table.kind)) return false;
    const columns = new Set(table.columns);
    return index.columns.every((c) => c.column === undefined || columns.has(c.column)) && index.include.every((c) => columns.has(c));
  });
  if (buildable.length === 0) return [];
  const temp = new Map<string, string>();
  for (const index of buildable) {
    const key = `${index.schema}.${index.table}`;
    if (!temp.has(key)) temp.set(key, `perfctl_norm_${temp.size}`);
  }
  const createTables = [...temp].map(([key, name]) => {
    const index = buildable.find((i) => `${i.schema}.${i.table}` === key)!;
    return `CREATE TEMPORARY TABLE ${quoteIdent(name)} (LIKE ${qualified(index.schema, index.table)}) ON COMMIT DROP`;
  });
  const createIndex = (index: IndexSpec, i: number) =>
    renderCreateIndex(index, { concurrently: false, name: `perfctl_norm_i${i}`, on: `pg_temp.${quoteIdent(temp.get(`${index.schema}.${index.table}`)!)}` });
  const readBack = indexDetailSql(snapshot.serverVersionNum, 't.relnamespace = pg_catalog.pg_my_temp_schema()');
  const functions = snapshot.serverVersionNum >= SAFE_SEARCH_PATH_VERSION ? SEARCH_PATH_FUNCTIONS_SQL : undefined;

  return db.withClient(async (client) => {
    // One statement at a time on the extended protocol: the spec's fragments are in these statements.
    try {
      await one(client, 'BEGIN');
      await one(client, userSearchPathSql(true));
      for (const sql of createTables) await one(client, sql);
      for (const [i, index] of buildable.entries()) await one(client, createIndex(index, i));
      // Read back as the live indexes are read: names outside pg_catalog printed with their schema.
      await one(client, CATALOG_SEARCH_PATH_LOCAL);
      const rows = (await one<IndexDetailRow>(client, readBack)).rows;
      const calls = functionsByIndex(functions ? (await one(client, functions)).rows : []);
      await one(client, 'ROLLBACK');
      const byName = new Map(rows.map((r) => [r.name, r]));
      return buildable.map((index, i) => withFunctions({ schema: index.schema, name: index.name, shape: shapeFromRow(byName.get(`perfctl_norm_i${i}`)!) }, calls.get(`perfctl_norm_i${i}`)));
    } catch (error) {
      await one(client, 'ROLLBACK').catch(() => undefined);
      if (pgFields(error).code === '25006') throw readOnly(db, error);
      if (!pgFields(error).code?.startsWith('42') && pgFields(error).code !== '0A000') throw queryError(error, 'checking the spec indexes against the database');
      return findFailures(client, createTables, buildable, createIndex, readBack, functions);
    }
  });
}

/** A standby, or default_transaction_read_only: no index can be planned, let alone built, here. */
function readOnly(db: Database, cause: unknown): ConnectionError {
  return new ConnectionError(`${db.where} is read-only (a standby, or default_transaction_read_only is on): perfctl plans indexes by building them on empty temporary tables in a rolled-back transaction, and apply builds them for real`, {
    hint: 'Point --db at the primary (pg_is_in_recovery() is false there), or ask for default_transaction_read_only = off for the role perfctl connects as.',
    cause,
  });
}

/** The slow path, only when some definition is rejected: one savepoint per index to say which. */
async function findFailures(
  client: pg.PoolClient,
  createTables: string[],
  buildable: IndexSpec[],
  createIndex: (index: IndexSpec, i: number) => string,
  readBack: string,
  functions: string | undefined,
): Promise<NormalisedSpecIndex[]> {
  const out: NormalisedSpecIndex[] = [];
  try {
    await one(client, 'BEGIN');
    await one(client, userSearchPathSql(true));
    for (const sql of createTables) await one(client, sql);
    for (const [i, index] of buildable.entries()) {
      await one(client, 'SAVEPOINT perfctl_norm');
      try {
        await one(client, createIndex(index, i));
        await one(client, 'RELEASE SAVEPOINT perfctl_norm');
        out.push({ schema: index.schema, name: index.name });
      } catch (error) {
        await one(client, 'ROLLBACK TO SAVEPOINT perfctl_norm');
        out.push({ schema: index.schema, name: index.name, error: pgFields(error).message });
      }
    }
    await one(client, CATALOG_SEARCH_PATH_LOCAL);
    const rows = (await one<IndexDetailRow>(client, readBack)).rows;
    const calls = functionsByIndex(functions ? (await one(client, functions)).rows : []);
    const byName = new Map(rows.map((r) => [r.name, r]));
    buildable.forEach((_, i) => {
      const row = byName.get(`perfctl_norm_i${i}`);
      if (row) out[i] = withFunctions({ ...out[i]!, shape: shapeFromRow(row) }, calls.get(`perfctl_norm_i${i}`));
    });
    return out;
  } catch (error) {
    throw queryError(error, 'checking the spec indexes against the database');
  } finally {
    await one(client, 'ROLLBACK').catch(() => undefined);
  }
}

/** PostgreSQL 17 builds indexes with search_path = pg_catalog, pg_temp (its "safe search_path" for maintenance). */
const SAFE_SEARCH_PATH_VERSION = 170000;

/**
 * For each temporary spec index: the user functions it depends on (its
 * expressions and predicate) whose bodies run with the build's search_path,
 * that is everything but C and internal functions, and that do not set
 * search_path themselves.
 */
const SEARCH_PATH_FUNCTIONS_SQL = `SELECT c.relname AS name,
       pg_catalog.array_agg(DISTINCT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')') AS functions
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_class c ON c.oid = d.objid
  JOIN pg_catalog.pg_proc p ON p.oid = d.refobjid
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
 WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
   AND d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
   AND c.relnamespace = pg_catalog.pg_my_temp_schema()
   AND p.pronamespace <> 'pg_catalog'::pg_catalog.regnamespace
   AND l.lanname NOT IN ('c', 'internal')
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(p.proconfig) AS s(setting) WHERE s.setting LIKE 'search\\_path=%')
 GROUP BY c.relname`;

function functionsByIndex(rows: Array<Record<string, unknown>>): Map<string, string[]> {
  return new Map(rows.map((r) => [String(r.name), (r.functions as string[]).slice().sort()]));
}

function withFunctions(index: NormalisedSpecIndex, functions: string[] | undefined): NormalisedSpecIndex {
  return functions?.length ? { ...index, searchPathFunctions: functions } : index;
}
