import { readFile, writeFile } from 'node:fs/promises';
import { githubAnnotations } from '../../core/check/annotations.js';
import { buildBaseline, parseBaseline, serialiseBaseline, type Baseline } from '../../core/check/baseline.js';
import { checkDocument, type DocumentContext } from '../../core/check/document.js';
import { failingPlanDocuments } from '../../core/check/plan-views.js';
import { renderJunit } from '../../core/check/junit.js';
import { runChecks, type CheckReport } from '../../core/check/run.js';
import { readCheckData } from '../../db/check/read.js';
import { ExitCode, UsageError } from '../../errors.js';
import { prepareEmbedded, readEmbeddedFiles } from '../check/embedded.js';
import { readCheckFlags, type CheckFlags } from '../check/options.js';
import { renderCheck } from '../check/render.js';
import type { Context } from '../context.js';
import { warmParser } from '../../util/pg-parser.js';
import { writeHtml } from '../html-file.js';
import { JSON_VERSION } from '../run.js';

/** `perfctl check`: read once (catalog, sample plans, timings), run the check registry, report; exit 1 when any check fails. */
export async function checkCommand(ctx: Context, options: Record<string, unknown>): Promise<number> {
  const started = performance.now();
  const flags = readCheckFlags(options, ctx.io.cwd);
  const spec = await ctx.loadSpec();
  // The parser loads while we connect.
  if (spec.queries.length > 0) warmParser();
  const baseline = flags.baseline && !flags.updateBaseline ? await readBaseline(ctx, flags.baseline) : undefined;
  const files = flags.schema ? await readEmbeddedFiles(ctx, spec, { schema: flags.schema, seed: flags.seed }) : undefined;
  const db = await ctx.openDatabase('check', spec);
  if (files) await prepareEmbedded(ctx, db, spec, files);
  ctx.out.info(ctx.errTheme.dim(`checking ${spec.file} against ${db.where}${flags.analyze ? ' (executing the sample queries, rolled back)' : ' (estimates only)'}…`));
  const data = await readCheckData(db, spec, { analyze: flags.analyze, repeat: flags.repeat, timeoutMs: flags.timeoutMs, signal: ctx.signal });
  const report = runChecks({
    spec,
    ...data,
    baseline,
    options: { analyze: flags.analyze, strict: flags.strict, prune: flags.prune || spec.prune, maxCostIncrease: flags.maxCostIncrease, baselineFile: flags.baseline && ctx.displayPath(flags.baseline) },
  });
  if (flags.updateBaseline) await writeBaseline(ctx, flags.baseline!, buildBaseline(spec.queries, data.queries, data.snapshot.serverVersionNum));
  if (flags.junit) await writeText(flags.junit, renderJunit(report, spec.file, (performance.now() - started) / 1000));
  if (flags.html) {
    const plans = await failingPlanDocuments(spec, data.queries, report.results, JSON_VERSION, data.snapshot.serverVersionNum);
    const { checkHtml } = await import('../../html/check.js');
    await writeHtml(ctx, flags.html, checkHtml(checkDocument(report, documentContext(ctx, flags, spec.file, db.where)), plans));
  }
  output(ctx, flags, report, spec.file, db.where);
  return report.passed ? ExitCode.ok : ExitCode.failed;
}

function output(ctx: Context, flags: CheckFlags, report: CheckReport, specFile: string, target: string): void {
  const annotations = ctx.env.GITHUB_ACTIONS === 'true' ? githubAnnotations(report, specFile) : [];
  if (ctx.options.json) {
    ctx.out.json(checkDocument(report, documentContext(ctx, flags, specFile, target)));
    // stdout holds exactly one JSON document; the runner reads workflow commands from stderr too.
    for (const line of annotations) ctx.out.warn(line);
    return;
  }
  const header = `perfctl check ${specFile} → ${target}${flags.analyze ? ' (executed, rolled back)' : ' (estimates only)'}`;
  ctx.out.print(renderCheck(report, ctx.theme, { quiet: Boolean(ctx.options.quiet), header }).join('\n'));
  for (const line of annotations) ctx.out.print(line);
  if (flags.updateBaseline) ctx.out.info(`wrote the baseline ${ctx.displayPath(flags.baseline!)}`);
  if (flags.junit) ctx.out.info(`wrote JUnit XML to ${ctx.displayPath(flags.junit)}`);
}

function documentContext(ctx: Context, flags: CheckFlags, spec: string, target: string): DocumentContext {
  const baseline = flags.baseline ? { file: ctx.displayPath(flags.baseline), updated: flags.updateBaseline } : undefined;
  return { version: JSON_VERSION, spec, target, analyze: flags.analyze, baseline, junit: flags.junit && ctx.displayPath(flags.junit) };
}

async function readBaseline(ctx: Context, path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(missing ? `baseline not found: ${ctx.displayPath(path)}` : `cannot read ${ctx.displayPath(path)}: ${(error as Error).message}`, {
      hint: missing ? 'Record one first: perfctl check --baseline FILE --update-baseline, and commit it.' : undefined,
    });
  }
  return parseBaseline(text, ctx.displayPath(path));
}

async function writeBaseline(ctx: Context, path: string, baseline: Baseline): Promise<void> {
  await writeText(path, serialiseBaseline(baseline));
}

async function writeText(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
