import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { buildInitSpec } from '../../core/init/build.js';
import { selectTables, unmatchedGlobs, type TableFilter } from '../../core/init/select.js';
import { STARTER_SPEC } from '../../core/init/starter.js';
import { pickSampleQueries, type SampleQuery } from '../../core/init/queries.js';
import { readInitCatalog, readInitTables, type InitTable } from '../../db/catalog/init-read.js';
import { readTopStatements } from '../../db/catalog/init-queries.js';
import type { Database } from '../../db/pool.js';
import { UsageError } from '../../errors.js';
import { parseSpec } from '../../spec/load.js';
import { initJson, renderInitText } from '../../ui/init-text.js';
import type { Context } from '../context.js';

/** `perfctl init`: a starter spec, or with --from-db the indexes the database has now. */
export async function initCommand(ctx: Context, options: Record<string, unknown>): Promise<number> {
  const { path } = ctx.specPath();
  const file = ctx.displayPath(path);
  const force = Boolean(options.force);
  const filter: TableFilter = { schemas: list(options.schema), tables: list(options.table) };
  const queryCount = options.queries === undefined ? 0 : count(String(options.queries));
  if (!options.fromDb && (filter.schemas.length || filter.tables.length || options.queries !== undefined)) {
    throw new UsageError('--schema, --table and --queries read the live database; add --from-db', { hint: 'perfctl init --from-db --schema public' });
  }
  if (!force && existsSync(path)) {
    throw new UsageError(`${file} already exists; perfctl init does not overwrite it`, { hint: 'Pass --force to replace it, or -f PATH to write another file.' });
  }
  if (!options.fromDb) {
    await write(path, file, STARTER_SPEC, force);
    if (ctx.options.json) ctx.out.json(initJson({ file, fromDb: false }));
    else ctx.out.print(renderInitText(ctx.theme, { file, fromDb: false }));
    return 0;
  }

  const db = await ctx.openDatabase('init');
  const all = await readInitTables(db);
  const unmatched = unmatchedGlobs(all, filter);
  const tables = selectTables(all, filter);
  if (unmatched.length || (tables.length === 0 && (filter.schemas.length || filter.tables.length))) {
    const schemas = [...new Set(all.map((t) => t.schema))];
    throw new UsageError(`no table matches ${unmatched.length ? unmatched.join(', ') : 'these filters together'} in ${db.where}`, {
      hint: schemas.length ? `Schemas with tables here: ${schemas.slice(0, 10).join(', ')}${schemas.length > 10 ? ', …' : ''}. Globs take * and ?, and are case-sensitive.` : 'This database has no tables yet.',
    });
  }
  const catalog = await readInitCatalog(db, tables);
  const header = [
    `perfctl spec written by \`perfctl init --from-db\` from database ${db.target.database} (server ${serverVersion(catalog.serverVersionNum)}).`,
    'Docs: docs/spec.md. `perfctl validate` checks it offline; `perfctl indexes plan` plans nothing',
    'until you change it.',
  ];
  const samples = queryCount ? await sampleQueries(db, tables, queryCount, ctx.signal) : { queries: [], warnings: [] };
  for (const warning of samples.warnings) ctx.out.warn(`${ctx.errTheme.warn('warning:')} ${warning}`);
  const spec = await buildInitSpec({ header, tables, catalog, queries: samples.queries, queryNotes: QUERY_NOTES });
  // Whatever init writes must load: a failure here is perfctl's bug, and nothing is written.
  await parseSpec(spec.text, file);
  await write(path, file, spec.text, force);
  const summary = { file, fromDb: true as const, spec, warnings: samples.warnings };
  if (ctx.options.json) ctx.out.json(initJson(summary));
  else ctx.out.print(renderInitText(ctx.theme, summary));
  return 0;
}

/** Never over an existing file without --force; with it, a rename so a reader never sees half a file. */
async function write(path: string, file: string, text: string, force: boolean): Promise<void> {
  try {
    if (!force) return await writeFile(path, text, { flag: 'wx' });
    const temp = `${path}.perfctl-${process.pid}.tmp`;
    try {
      await writeFile(temp, text);
      await rename(temp, path);
    } finally {
      await rm(temp, { force: true });
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${file} already exists; perfctl init does not overwrite it`, { hint: 'Pass --force to replace it.' });
    throw new UsageError(`cannot write ${file}: ${(error as Error).message}`, { hint: 'Check the folder exists and is writable, or pass -f PATH.' });
  }
}

const QUERY_NOTES = [
  'The statements that took the most time here (pg_stat_statements). params are left out on purpose:',
  'check and explain plan a statement with $n and no values as a generic plan (any value, estimates),',
  'and values sampled from the database would copy production data into this file. Add params: [...]',
  'with typical values to run one with check --analyze. expect: no_seq_scan where it uses an index today.',
];

/** The top statements as sample queries; without pg_stat_statements, a warning and none. */
async function sampleQueries(db: Database, tables: InitTable[], limit: number, signal: AbortSignal): Promise<{ queries: SampleQuery[]; warnings: string[] }> {
  const top = await readTopStatements(db, limit, signal);
  if ('problem' in top) return { queries: [], warnings: [`no sample queries: ${top.problem} (${top.fix})`] };
  const queries = pickSampleQueries(top.statements, top.outcomes, new Set(tables.map((t) => t.name)), limit);
  const warnings = queries.length < limit ? [`${queries.length} of the ${limit} sample queries asked for: pg_stat_statements has no more read-only statements on these tables`] : [];
  return { queries, warnings };
}

function count(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new UsageError(`--queries ${raw}: expected a whole number of statements from 1 to 200`);
  return n;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
}

function serverVersion(num: number): string {
  return `PostgreSQL ${Math.floor(num / 10000)}.${num % 10000}`;
}
