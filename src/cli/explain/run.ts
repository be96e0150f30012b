import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { comparePlans, type PlanChange } from '../../core/explain/compare.js';
import { toDocument, type DocumentExtras } from '../../core/explain/document.js';
import { parsePlanFile } from '../../core/explain/plan-file.js';
import { buildReport, type ExplainReport } from '../../core/explain/report.js';
import type { Database } from '../../db/pool.js';
import { ExitCode, isPerfctlError, UsageError } from '../../errors.js';
import { warmParser } from '../../util/pg-parser.js';
import { didYouMean } from '../../util/text.js';
import type { EarlyDatabase } from '../commands/explain.js';
import type { Context } from '../context.js';
import { writeHtml } from '../html-file.js';
import { JSON_VERSION } from '../run.js';
import type { ExplainFlags } from './options.js';
import { renderAllSummary, type AllRow } from './render-all.js';
import { renderComparison } from './render-compare.js';
import { renderReport } from './render-report.js';
import { explainStatement, type StatementOutcome, type Target } from './statement.js';

/** The body of `perfctl explain`, set up while the connection is being made (see commands/explain.ts); no connection for --plan. */
export async function runExplainCommand(ctx: Context, flags: ExplainFlags, early: EarlyDatabase | undefined): Promise<number> {
  if (flags.planFile || !early) {
    warmParser();
    return finish(ctx, flags, { report: await reportFromFile(ctx, flags.planFile!) });
  }
  await early.parserMayStart;
  if (flags.all) return explainAll(ctx, flags, early.openDb);
  return finish(ctx, flags, await explainStatement(await resolveTarget(ctx, flags), flags, early.openDb, (l) => ctx.out.warn(ctx.errTheme.warn(l)), ctx.signal));
}

async function finish(ctx: Context, flags: ExplainFlags, { report, failure }: StatementOutcome): Promise<number> {
  const extras: DocumentExtras = failure ? { error: { code: failure.code, message: failure.message } } : {};
  if (flags.compare) extras.comparison = await compareWith(ctx, flags.compare, report);
  if (flags.save) await save(ctx, flags.save, report);
  const document = toDocument(report, JSON_VERSION, extras);
  if (flags.html) await writeHtml(ctx, resolve(ctx.io.cwd, flags.html), (await import('../../html/explain.js')).explainHtml([document], `perfctl explain · ${report.label}`));
  if (ctx.options.json) ctx.out.json(document);
  else {
    for (const note of report.notes) ctx.out.info(ctx.errTheme.dim(`note: ${note}`));
    ctx.out.print(renderReport(report, ctx.theme, Math.max(60, ctx.out.columns)).join('\n'));
    if (extras.comparison) ctx.out.print(['', ...renderComparison(extras.comparison.baseline, extras.comparison.changes, ctx.theme)].join('\n'));
    if (flags.save) ctx.out.info(`saved the plan to ${flags.save}`);
  }
  if (failure) {
    ctx.out.warn(`${ctx.errTheme.error('error:')} ${failure.message}`);
    if (failure.hint) ctx.out.warn(ctx.errTheme.dim(`hint: ${failure.hint}`));
    return failure.exitCode;
  }
  return ExitCode.ok;
}

async function explainAll(ctx: Context, flags: ExplainFlags, openDb: () => Promise<Database>): Promise<number> {
  const spec = await ctx.loadSpec();
  if (spec.queries.length === 0) throw new UsageError(`${spec.file} has no queries: to explain`, { hint: 'Add sample queries under queries: in the spec.' });
  const rows: Array<AllRow & { failure?: { code: string; message: string } }> = [];
  for (const query of spec.queries) {
    ctx.out.info(ctx.errTheme.dim(`explaining ${query.name}…`));
    try {
      const { report, failure } = await explainStatement({ label: query.name, sql: query.sql, params: query.params }, flags, openDb, (l) => ctx.out.warn(ctx.errTheme.warn(l)), ctx.signal);
      rows.push({ label: query.name, report, error: failure?.message, failure: failure && { code: failure.code, message: failure.message } });
    } catch (error) {
      // Connection trouble ends the run; anything else is this query's own failure.
      if (!isPerfctlError(error) || error.exitCode === ExitCode.connection || error.exitCode === ExitCode.interrupted) throw error;
      rows.push({ label: query.name, error: error.message, failure: { code: error.code, message: error.message } });
    }
  }
  const failed = rows.some((r) => r.failure);
  if (flags.html) {
    const documents = rows.flatMap((r) => (r.report ? [toDocument(r.report, JSON_VERSION, { error: r.failure })] : []));
    await writeHtml(ctx, resolve(ctx.io.cwd, flags.html), (await import('../../html/explain.js')).explainHtml(documents, `perfctl explain --all · ${spec.file}`));
  }
  if (ctx.options.json) {
    ctx.out.json({
      version: JSON_VERSION,
      kind: 'explain-all',
      queries: rows.map((r) => (r.report ? toDocument(r.report, JSON_VERSION, { error: r.failure }) : { label: r.label, error: r.failure })),
    });
    return failed ? ExitCode.failed : ExitCode.ok;
  }
  const width = Math.max(60, ctx.out.columns);
  for (const row of rows) {
    ctx.out.print(row.report ? renderReport(row.report, ctx.theme, width).join('\n') : `${ctx.theme.bold(row.label)}\n${ctx.theme.error('failed:')} ${row.error}`);
    ctx.out.print('');
  }
  ctx.out.print(renderAllSummary(rows, ctx.theme, { width: ctx.width, expanded: ctx.options.expanded }));
  return failed ? ExitCode.failed : ExitCode.ok;
}

async function resolveTarget(ctx: Context, flags: ExplainFlags): Promise<Target> {
  const params = flags.params ?? [];
  if (flags.query) {
    const spec = await ctx.loadSpec();
    const query = spec.queries.find((q) => q.name === flags.query);
    if (!query) {
      throw new UsageError(`no query named "${flags.query}" in ${spec.file}${didYouMean(flags.query, spec.queries.map((q) => q.name))}`, { hint: `The spec has: ${spec.queries.map((q) => q.name).join(', ') || 'no queries'}.` });
    }
    return { label: query.name, sql: query.sql, params: flags.params ?? query.params };
  }
  if (flags.sql === '-') return { label: 'statement from stdin', sql: await readStdin(ctx), params };
  return { label: 'statement', sql: flags.sql!, params };
}

async function readStdin(ctx: Context): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of ctx.io.stdin) chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
  const text = chunks.join('');
  if (text.trim() === '') throw new UsageError('stdin is empty: nothing to explain');
  return text;
}

async function reportFromFile(ctx: Context, path: string): Promise<ExplainReport> {
  const text = path === '-' ? await readStdin(ctx) : await readText(ctx, path);
  const name = path === '-' ? 'stdin' : ctx.displayPath(path);
  const file = parsePlanFile(text, name);
  return buildReport({ label: file.label ?? name, sql: file.sql, mode: 'file', raw: file.raw, tables: file.tables, notes: file.notes });
}

async function compareWith(ctx: Context, path: string, current: ExplainReport): Promise<{ baseline: string; changes: PlanChange[] }> {
  const baseline = await reportFromFile(ctx, path);
  return { baseline: path, changes: comparePlans(baseline, current) };
}

/** The --json document plus PostgreSQL's own output and the table statistics, so --plan and --compare can re-read it. */
async function save(ctx: Context, path: string, report: ExplainReport): Promise<void> {
  const document = { ...toDocument(report, JSON_VERSION), postgres_explain: [report.raw], saved_tables: report.tables };
  try {
    await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

async function readText(ctx: Context, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `plan file not found: ${ctx.displayPath(path)}` : `cannot read ${path}: ${(error as Error).message}`);
  }
}
