import { runApply } from '../../core/apply/executor.js';
import { buildPlan } from '../../core/plan/build.js';
import { DEFAULT_PLAN_OPTIONS } from '../../core/plan/types.js';
import { readIndexSnapshot } from '../../db/catalog/indexes.js';
import { loadSqlFile, readSqlFile, type SqlFile } from '../../db/check/schema.js';
import { createApplyPort } from '../../db/ddl/port.js';
import type { Database } from '../../db/pool.js';
import { OperationError, UsageError } from '../../errors.js';
import type { Spec } from '../../spec/types.js';
import type { Context } from '../context.js';

/**
 * `check --embedded --schema FILE [--seed FILE]`: a fresh server gets the
 * schema, the seed, the spec's indexes (built by the real executor, as
 * `indexes apply` builds them) and fresh statistics, so what is checked is
 * what production would have after the migration.
 */
export interface EmbeddedFiles {
  schema: SqlFile;
  seed?: SqlFile;
}

/** Refuse --schema without a throwaway server, and read the files, before any server starts. */
export async function readEmbeddedFiles(ctx: Context, spec: Spec, files: { schema: string; seed?: string }): Promise<EmbeddedFiles> {
  if (!ctx.options.embedded && !spec.database.embedded) {
    throw new UsageError('--schema loads SQL into the database: it is only allowed with --embedded (a throwaway server)', { hint: 'Run perfctl check --embedded --schema FILE.sql, or apply migrations to your test database yourself.' });
  }
  const schema = await readSqlFile(files.schema, ctx.displayPath(files.schema));
  return { schema, ...(files.seed ? { seed: await readSqlFile(files.seed, ctx.displayPath(files.seed)) } : {}) };
}

export async function prepareEmbedded(ctx: Context, db: Database, spec: Spec, files: EmbeddedFiles): Promise<void> {
  const note = (line: string) => ctx.out.debug(line);
  for (const file of [files.schema, files.seed]) {
    if (!file) continue;
    ctx.out.info(`loading ${file.shown}…`);
    await loadSqlFile(db, file, note);
  }
  const snapshot = await readIndexSnapshot(db, spec.indexes, spec.tables);
  const plan = buildPlan(spec, snapshot, { ...DEFAULT_PLAN_OPTIONS, analyze: false });
  if (plan.actions.length) ctx.out.info(`building ${plan.actions.length} index${plan.actions.length === 1 ? '' : 'es'} of the spec…`);
  const port = createApplyPort(db, snapshot.serverVersionNum, { lockTimeoutMs: DEFAULT_PLAN_OPTIONS.lockTimeoutMs, statementTimeoutMs: 0 }, 1000);
  const outcome = await runApply(plan, port, { concurrency: 2, retries: 2, retryDelayMs: 100, keepInvalid: false, progressIntervalMs: 1000, blockerMinAgeMs: 1000 }, () => undefined, ctx.signal);
  const failed = outcome.results.filter((r) => r.status !== 'done');
  if (failed.length) {
    const first = failed[0]!;
    throw new OperationError('check-apply-failed', `building the spec's indexes on the embedded server failed: ${first.action.id}: ${first.error?.message ?? first.status}`, { hint: first.error?.hint ?? 'Run perfctl indexes apply against a copy of the schema to see the full error.' });
  }
  // The whole database, seed tables included: the planner must see what the data looks like.
  await db.query('ANALYZE', [], 'analysing the loaded data');
  if (!files.seed) {
    const empty = await emptyTables(db, spec);
    if (empty.length) {
      ctx.out.info(
        `note: ${empty.length === 1 ? `${empty[0]} is` : `the spec's tables (${empty.join(', ')}) are`} empty: the planner prefers sequential scans on empty tables, so these plans say little about production; give --seed FILE with representative rows`,
      );
    }
  }
}

/** The spec's tables (of indexes and sample queries' expectations) that hold no rows after loading. */
async function emptyTables(db: Database, spec: Spec): Promise<string[]> {
  const tables = [...new Set(spec.indexes.map((i) => `${i.schema}.${i.table}`))];
  if (tables.length === 0) return [];
  const rows = await db.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE (n.nspname || '.' || c.relname) = ANY($1::text[]) AND c.reltuples <= 0 AND c.relpages = 0
      ORDER BY 1`,
    [tables],
    'reading the loaded tables',
  );
  return rows.map((r) => r.name);
}
