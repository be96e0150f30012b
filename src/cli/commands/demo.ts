import { join } from 'node:path';
import type pg from 'pg';
import { accessSummary } from '../../core/explain/access.js';
import { buildReport, type ExplainReport } from '../../core/explain/report.js';
import { buildPlan } from '../../core/plan/build.js';
import { worldSql } from '../../demo/world.js';
import { readIndexSnapshot } from '../../db/catalog/indexes.js';
import { runExplain } from '../../db/explain.js';
import { queryError } from '../../db/errors.js';
import type { Database } from '../../db/pool.js';
import { ExitCode, InterruptedError, UsageError } from '../../errors.js';
import { loadSpec } from '../../spec/load.js';
import type { QuerySpec, Spec } from '../../spec/types.js';
import { renderSummary } from '../../ui/apply-summary.js';
import type { Column } from '../../ui/table.js';
import { wrapLines } from '../../util/width.js';
import { renderPlanText } from '../../ui/plan-text.js';
import { formatDuration, groupThousands } from '../../util/text.js';
import type { Context } from '../context.js';
import { renderReport } from '../explain/render-report.js';
import { JSON_VERSION } from '../run.js';
import { PACKAGE } from '../version.js';
import { applyOnline } from './indexes/apply.js';
import { planOptionsFrom } from './indexes/options.js';
import { DEFAULT_SEARCH_PATH } from '../../db/search-path.js';

const EXAMPLE_SPEC = join(PACKAGE.root, 'indexes.yaml');

interface Timing {
  query: string;
  ms: number;
  access: string;
  findings: string[];
  report: ExplainReport;
}

/**
 * `perfctl demo`: a throwaway server and a realistic world; the sample queries
 * explained, the spec planned and applied online with the same code as
 * `indexes plan|apply`, and the queries again.
 */
export async function demoCommand(ctx: Context, options: Record<string, unknown>): Promise<number> {
  try {
    return await runDemo(ctx, options);
  } catch (error) {
    // Whatever a cancelled statement raised, an interrupted demo ends as an interrupt.
    if (ctx.signal.aborted) throw new InterruptedError('interrupted; the embedded server is removed');
    throw error;
  }
}

async function runDemo(ctx: Context, options: Record<string, unknown>): Promise<number> {
  if (ctx.options.db) throw new UsageError('demo creates and drops tables, so it runs only on the embedded PostgreSQL', { hint: 'Run `perfctl demo` without --db.' });
  ctx.handlesInterrupt = true;
  const size = { users: count(options.users, '--users'), projects: count(options.projects, '--projects') };
  const started = performance.now();
  const spec = await loadSpec(EXAMPLE_SPEC);
  const db = await ctx.openDatabase('demo', { ...spec, database: { embedded: true } });
  const t = ctx.errTheme;
  const checkpoint = () => {
    if (ctx.signal.aborted) throw new InterruptedError('interrupted; the embedded server is removed');
  };

  step(ctx, 'Creating the demo world');
  for (const part of worldSql(size)) {
    const t0 = performance.now();
    await withoutTimeout(db, part.sql, ctx.signal);
    checkpoint();
    ctx.out.info(`  ${part.label} ${t.dim(formatDuration(performance.now() - t0))}`);
  }

  step(ctx, `Sample queries before indexes (${spec.queries.length} from indexes.yaml, median of 3 runs)`);
  const before = await timeQueries(ctx, db, spec.queries);
  checkpoint();
  if (!ctx.options.json && !ctx.options.quiet) {
    ctx.out.info(`\n${t.dim(`perfctl explain --query ${before[0]!.query}:`)}`);
    ctx.out.info(renderReport(before[0]!.report, t, Math.min(ctx.out.columns, 100) - 2).map((l) => `  ${l}`).join('\n'));
  }

  step(ctx, 'perfctl indexes plan: the spec against the live catalog');
  const plan = buildPlan(spec, await readIndexSnapshot(db, spec.indexes), planOptionsFrom({}, spec));
  ctx.out.info(renderPlanText(plan, t, { target: db.where, verbose: false }));

  step(ctx, 'perfctl indexes apply: building online (CREATE INDEX CONCURRENTLY)');
  const applied = await applyOnline(ctx, db, spec, { yes: true });
  if (applied.outcome?.interrupted || ctx.signal.aborted) return ExitCode.interrupted;
  if (!applied.outcome || applied.outcome.results.some((r) => r.status === 'failed')) {
    ctx.out.warn('the demo indexes did not all build; see above');
    return ExitCode.failed;
  }
  if (!ctx.options.json && !ctx.options.quiet) ctx.out.info(renderSummary(applied.outcome, t, { width: ctx.width, expanded: ctx.options.expanded }));

  step(ctx, 'Sample queries after indexes');
  const after = await timeQueries(ctx, db, spec.queries);
  checkpoint();
  const totalMs = performance.now() - started;

  if (ctx.options.json) {
    ctx.out.json({
      version: JSON_VERSION,
      size,
      queries: spec.queries.map((q, i) => ({
        name: q.name,
        before_ms: before[i]!.ms,
        after_ms: after[i]!.ms,
        before_plan: before[i]!.access,
        after_plan: after[i]!.access,
        before_findings: before[i]!.findings,
        after_findings: after[i]!.findings,
      })),
      builds: applied.outcome.results.map((r) => ({ index: r.action.index, action: r.action.kind, status: r.status, ms: r.durationMs })),
      total_ms: totalMs,
    });
    return ExitCode.ok;
  }
  await renderComparison(ctx, spec, before, after);
  ctx.out.print(`\nDemo finished in ${formatDuration(totalMs)} (${groupThousands(size.users)} users, ${groupThousands(size.projects)} projects).`);
  ctx.out.print(ctx.theme.dim(ctx.wrap('Next: perfctl indexes plan, perfctl explain --all and perfctl report on your own database (--db URL).', '', '  ')));
  return ExitCode.ok;
}

function step(ctx: Context, title: string): void {
  ctx.out.info(`\n${ctx.errTheme.bold(`▸ ${title}`)}`);
}

async function timeQueries(ctx: Context, db: Database, queries: QuerySpec[]): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (const query of queries) {
    // The median of three runs, so one cold cache does not decide the comparison.
    const runs: number[] = [];
    let run;
    for (let i = 0; i < 3; i++) {
      run = await runExplain(db, query.sql, query.params, { analyze: true, generic: false, buffers: true, settings: false, readOnly: true, timeoutMs: 30_000, lockTimeoutMs: 5_000, signal: ctx.signal });
      runs.push((run.result['Execution Time'] ?? 0) + (run.result['Planning Time'] ?? 0));
    }
    const report = await buildReport({ label: query.name, sql: query.sql, params: query.params, mode: 'analyze', serverVersionNum: run!.versionNum, raw: run!.result, tables: run!.tables });
    const ms = runs.sort((a, b) => a - b)[1]!;
    const timing = { query: query.name, ms, access: accessSummary(report.plan), findings: report.findings.map((f) => f.rule), report };
    timings.push(timing);
    const top = report.findings[0];
    ctx.out.info(ctx.errTheme.dim(wrapLines(`  ${query.name.padEnd(18)} ${formatDuration(ms).padStart(9)}  ${timing.access}${top ? `  ${top.rule}` : ''}`, ctx.out.columns, '', ' '.repeat(32))));
  }
  return timings;
}

async function renderComparison(ctx: Context, spec: Spec, before: Timing[], after: Timing[]): Promise<void> {
  const columns: Column[] = [{ head: 'query' }, { head: 'before', align: 'right' }, { head: 'after', align: 'right' }, { head: 'speed-up', align: 'right' }, { head: 'plan after', flex: 'wrap' }];
  const rows = spec.queries.map((q, i) => {
    const b = before[i]!;
    const a = after[i]!;
    return [q.name, formatDuration(b.ms), formatDuration(a.ms), `${(b.ms / Math.max(a.ms, 0.001)).toFixed(0)}x`, a.access];
  });
  ctx.out.print(ctx.table(columns, rows));
}

/**
 * World generation runs without the pool's statement_timeout, on a client that is then discarded.
 * The driver's own read timeout (statement_timeout + 5 s) is lifted too: a slow machine may take
 * minutes over a million rows. pg treats a query_timeout of 0 as unset, hence a day.
 */
const NO_READ_TIMEOUT_MS = 86_400_000;

async function withoutTimeout(db: Database, sql: string, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  const client = await db.connect();
  // Ctrl-C cancels the statement on the server rather than waiting for a million-row insert.
  const cancel = () => void db.cancelActive();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    await client.query(`SET statement_timeout = 0; ${DEFAULT_SEARCH_PATH}`);
    await client.query({ text: sql, query_timeout: NO_READ_TIMEOUT_MS } as pg.QueryConfig);
  } catch (error) {
    if (!signal.aborted) throw queryError(error, 'creating the demo world');
  } finally {
    signal.removeEventListener('abort', cancel);
    client.release(true);
  }
}

function count(value: unknown, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50_000_000) throw new UsageError(`${flag} must be a whole number between 1 and 50000000`);
  return n;
}
