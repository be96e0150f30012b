import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { buildInitSpec } from '../../core/init/build.js';
import { selectTables, unmatchedGlobs, type TableFilter } from '../../core/init/select.js';
import { STARTER_SPEC } from '../../core/init/starter.js';
import { readInitCatalog, readInitTables } from '../../db/catalog/init-read.js';
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
  if (!options.fromDb && (filter.schemas.length || filter.tables.length)) {
    throw new UsageError('--schema and --table read the live database; add --from-db', { hint: 'perfctl init --from-db --schema public' });
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
  const spec = await buildInitSpec({ header, tables, catalog });
  // Whatever init writes must load: a failure here is perfctl's bug, and nothing is written.
  await parseSpec(spec.text, file);
  await write(path, file, spec.text, force);
  const summary = { file, fromDb: true as const, spec };
  if (ctx.options.json) ctx.out.json(initJson(summary));
  else ctx.out.print(renderInitText(ctx.theme, summary));
  return 0;
}

/** Never over an existing file without --force; with it, a rename so a reader never sees half a file. */
async function write(path: string, file: string, text: string, force: boolean): Promise<void> {
  try {
    if (!force) return await writeFile(path, text, { flag: 'wx' });
    const temp = `${path}.perfctl-${process.pid}.tmp`;
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${file} already exists; perfctl init does not overwrite it`, { hint: 'Pass --force to replace it.' });
    throw new UsageError(`cannot write ${file}: ${(error as Error).message}`, { hint: 'Check the folder exists and is writable, or pass -f PATH.' });
  }
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
}

function serverVersion(num: number): string {
  return `PostgreSQL ${Math.floor(num / 10000)}.${num % 10000}`;
}
