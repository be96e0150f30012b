import type pg from 'pg';
import { sqlstate } from '../../errors.js';
import { queryError } from '../../errors.js';
import type { Database } from '../../pool.js';
import { readActivity } from './activity.js';
import { readDatabaseInfo } from './database.js';
import { readForeignKeys } from './foreign-keys.js';
import { readIndexStats } from './index-bloat.js';
import { readIndexes } from './indexes.js';
import { readReplication } from './replication.js';
import { readIntegerKeys, readSequences } from './sequences.js';
import { readStatements, readStatementsExtension } from './statements.js';
import { readTables } from './tables.js';
import { readWraparound } from './wraparound.js';
import type { DatabaseInfo, Part, ReportData } from './types.js';
import { markOwn, OWN_SQL_PREFIX } from '../../mark.js';

/** Runs one catalog question inside the report's transaction. */
export type Reader = <R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;

/** The report's own statements are marked like all of perfctl's (src/db/mark.ts), and all of them are left out. */
export const OWN_MARKER = OWN_SQL_PREFIX;

export function marked(sql: string): string {
  return markOwn(sql, 'perfctl:report');
}

export type PartName = 'statements' | 'indexes' | 'foreignKeys' | 'tables' | 'activity' | 'sequences' | 'wraparound' | 'replication';

export interface ReadOptions {
  parts: Set<PartName>;
}

/**
 * Read what the requested sections need in one READ ONLY transaction. A part
 * that fails for a known reason (extension missing, privilege) becomes a
 * `Part` with the fix, inside a savepoint so the other parts go on.
 */
export async function readReportData(db: Database, options: ReadOptions): Promise<ReportData> {
  return db.withClient(async (client) => {
    const q: Reader = async (sql, params) => (await client.query(marked(sql), params)).rows;
    try {
      await q('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const database = await readDatabaseInfo(q);
      const data: ReportData = { database };
      const part = <T>(name: PartName, read: () => Promise<T>) => (options.parts.has(name) ? guarded(q, database, read) : undefined);
      data.statements = await part('statements', async () => {
        const extension = await readStatementsExtension(q);
        if (!extension.installed) throw new MissingExtension(extension.preloaded);
        return readStatements(q, extension.installed, OWN_MARKER);
      });
      data.indexes = await part('indexes', async () => {
        const [indexes, stats] = [await readIndexes(q, database.serverVersionNum), await readIndexStats(q)];
        return indexes.map((i) => ({ ...i, stats: stats.get(i.oid) ?? null }));
      });
      data.foreignKeys = await part('foreignKeys', () => readForeignKeys(q));
      data.tables = await part('tables', () => readTables(q));
      data.activity = await part('activity', () => readActivity(q));
      data.sequences = await part('sequences', async () => ({ sequences: await readSequences(q), integerKeys: await readIntegerKeys(q) }));
      data.wraparound = await part('wraparound', () => readWraparound(q));
      data.replication = await part('replication', () => readReplication(q, database.serverVersionNum));
      await q('COMMIT');
      return data;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw queryError(error, 'reading the statistics for the report');
    }
  });
}

export class MissingExtension extends Error {
  constructor(readonly preloaded: boolean | null) {
    super('pg_stat_statements is not installed');
  }
}

async function guarded<T>(q: Reader, database: DatabaseInfo, read: () => Promise<T>): Promise<Part<T>> {
  await q('SAVEPOINT part');
  try {
    const value = await read();
    await q('RELEASE SAVEPOINT part');
    return { available: true, value };
  } catch (error) {
    await q('ROLLBACK TO SAVEPOINT part');
    const known = explainFailure(error, database);
    if (!known) throw error;
    return { available: false, ...known };
  }
}

/** The failures a DBA can fix, each with exactly what to do; anything else is a real error. */
export function explainFailure(error: unknown, database: Pick<DatabaseInfo, 'name' | 'role'>): { problem: string; fix: string } | undefined {
  if (error instanceof MissingExtension) {
    const create = `in database ${database.name}, as a superuser: CREATE EXTENSION pg_stat_statements;`;
    if (error.preloaded === true) return { problem: `pg_stat_statements is not installed in database ${database.name}`, fix: `Install it ${create}` };
    return {
      problem: `pg_stat_statements is not installed in database ${database.name}${error.preloaded === false ? ' and not in shared_preload_libraries' : ''}`,
      fix: `Add pg_stat_statements to shared_preload_libraries (keeping any libraries already listed) and restart PostgreSQL, then ${create}`,
    };
  }
  const code = sqlstate(error);
  if (code === '55000') {
    return {
      problem: 'pg_stat_statements is installed but not loaded: it is not in shared_preload_libraries',
      fix: "Add it (ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements', keeping any libraries already listed) and restart PostgreSQL.",
    };
  }
  if (code === '42501') {
    return { problem: `permission denied (${(error as Error).message})`, fix: `GRANT pg_monitor TO ${database.role};` };
  }
  return undefined;
}
