import { availableParallelism } from 'node:os';
import { runApply } from '../../../core/apply/executor.js';
import { checkServerVersion, defaultConcurrency } from '../../../core/apply/guards.js';
import type { ApplyEvent, ApplyOptions, ApplyOutcome } from '../../../core/apply/types.js';
import { buildPlan } from '../../../core/plan/build.js';
import type { Plan } from '../../../core/plan/types.js';
import { readIndexSnapshot } from '../../../db/catalog/indexes.js';
import { readInvalidIndexes } from '../../../db/ddl/activity.js';
import { acquireApplyLock } from '../../../db/ddl/lock.js';
import { createApplyPort } from '../../../db/ddl/port.js';
import type { Database } from '../../../db/pool.js';
import type { Spec } from '../../../spec/types.js';
import { ExitCode, InterruptedError } from '../../../errors.js';
import { applyDocument, renderSummary } from '../../../ui/apply-summary.js';
import { lineRenderer } from '../../../ui/apply-lines.js';
import { renderPlanText } from '../../../ui/plan-text.js';
import type { Context } from '../../context.js';
import { checkHazards, confirm } from './confirm.js';
import { count, duration, planOptionsFrom } from './options.js';
import { addPruneUsage, replicaUrls } from './prune-usage.js';

/**
 * `perfctl indexes apply`: under an advisory lock, re-read the catalog, plan,
 * confirm, then build online. Handles Ctrl-C itself: running builds are
 * cancelled on the server and their leftovers dropped before it exits 130.
 */
export async function applyCommand(ctx: Context, options: Record<string, unknown>): Promise<number> {
  ctx.handlesInterrupt = true;
  const spec = await ctx.loadSpec();
  const db = await ctx.openDatabase('indexes-apply', spec);
  const run = await applyOnline(ctx, db, spec, options);
  if (run.plan.actions.length === 0 && run.plan.blocked.length === 0) {
    if (ctx.options.json) ctx.out.json(applyDocument({ results: [], interrupted: false, durationMs: 0 }, db.where, []));
    else ctx.out.print(`${ctx.theme.ok('✓')} No changes: ${db.where} already has the ${run.plan.unchanged.length} index${run.plan.unchanged.length === 1 ? '' : 'es'} of the spec.`);
    return ExitCode.ok;
  }
  if (!run.outcome) {
    ctx.out.warn('nothing was changed');
    return ExitCode.failed;
  }
  return report(ctx, db, run.plan, run.outcome);
}

export interface OnlineApply {
  plan: Plan;
  /** Absent when there was nothing to do or the user declined. */
  outcome?: ApplyOutcome;
}

/**
 * Lock, re-read the catalog, plan, confirm and build: the whole of apply but
 * the final report, so the demo runs exactly what `indexes apply` runs.
 */
export async function applyOnline(ctx: Context, db: Database, spec: Spec, options: Record<string, unknown>): Promise<OnlineApply> {
  const planOptions = planOptionsFrom(options, spec);
  const applyOptions = applyOptionsFrom(options, db);
  // Connect the pool while the lock's own connection is made; the catalog is still read only after the lock.
  const warm = db.query('SELECT 1').catch(() => undefined);
  const lock = await acquireApplyLock(db, {
    waitMs: duration(options.wait, '--wait', 0, 0),
    signal: ctx.signal,
    onWait: (h) => ctx.out.info(`waiting for another perfctl indexes apply to finish (pid ${h.pid}${h.application ? `, '${h.application}'` : ''})…`),
  });
  ctx.onCleanup(lock.release);
  await warm;
  // The catalog is read only once the lock is held: the other apply may have changed it.
  const snapshot = await readIndexSnapshot(db, spec.indexes, spec.tables);
  stopIfInterrupted(ctx);
  checkServerVersion(snapshot.serverVersionNum, Boolean(options.force));
  const plan = await addPruneUsage(ctx, db, spec, buildPlan(spec, snapshot, planOptions), replicaUrls(options), 'indexes-apply');
  if (plan.actions.length === 0 && plan.blocked.length === 0) return { plan };
  // Only other sessions' builds pending: nothing to confirm; the report names them.
  if (plan.actions.length === 0) return { plan, outcome: { results: [], interrupted: false, durationMs: 0 } };
  checkHazards(plan, options.allowHazards as string | undefined);
  if (!options.yes && ctx.out.interactive) ctx.out.info(renderPlanText(plan, ctx.errTheme, { target: db.where, verbose: Boolean(ctx.options.verbose) }));
  if (!(await confirm(ctx, `Apply ${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'} to ${db.where}?`, Boolean(options.yes)))) {
    stopIfInterrupted(ctx);
    return { plan };
  }
  stopIfInterrupted(ctx);
  const port = createApplyPort(db, snapshot.serverVersionNum, { lockTimeoutMs: planOptions.lockTimeoutMs, statementTimeoutMs: planOptions.buildTimeoutMs }, applyOptions.blockerMinAgeMs);
  const view = await openView(ctx);
  try {
    return { plan, outcome: await runApply(plan, port, applyOptions, view.emit, ctx.signal) };
  } finally {
    await view.close();
  }
}

function applyOptionsFrom(options: Record<string, unknown>, db: Database): ApplyOptions {
  const local = ['127.0.0.1', 'localhost', '::1'].includes(db.target.host) || db.target.host.startsWith('/');
  // A remote server's core count is not visible from SQL; 4 is a cautious guess there.
  const cores = local ? availableParallelism() : 4;
  return {
    concurrency: count(options.concurrency, '--concurrency', defaultConcurrency(db.settings.size, cores), 1, 64),
    retries: count(options.retries, '--retries', 5, 0, 100),
    retryDelayMs: duration(options.retryDelay, '--retry-delay', 1000, 0),
    keepInvalid: Boolean(options.keepInvalid),
    progressIntervalMs: 500,
    blockerMinAgeMs: 1000,
  };
}

function stopIfInterrupted(ctx: Context): void {
  if (ctx.signal.aborted) throw new InterruptedError('interrupted before any change; nothing was changed');
}

interface View {
  emit: (event: ApplyEvent) => void;
  close: () => Promise<void>;
}

/** The live Ink view in a terminal, plain lines otherwise (CI, TERM=dumb, pipes, --quiet). */
async function openView(ctx: Context): Promise<View> {
  if (ctx.out.liveView && !ctx.options.quiet) {
    const { inkView } = await import('../../../ui/apply-ink.js');
    const view = inkView(ctx.io.stderr);
    ctx.io.live = true;
    return {
      emit: view.emit,
      close: async () => {
        await view.close();
        ctx.io.live = false;
      },
    };
  }
  return { emit: lineRenderer(ctx.out, ctx.errTheme), close: async () => undefined };
}

async function report(ctx: Context, db: Database, plan: Plan, outcome: ApplyOutcome): Promise<number> {
  const failed = outcome.results.filter((r) => r.status === 'failed');
  if (ctx.options.json) ctx.out.json(applyDocument(outcome, db.where, plan.blocked.map((b) => ({ ...b }))));
  else ctx.out.print(renderSummary(outcome, ctx.theme, { width: ctx.width, expanded: ctx.options.expanded }));
  for (const b of plan.blocked) {
    ctx.out.warn(`${ctx.errTheme.warn('blocked:')} ${b.schema}.${b.index} is being built by another session (pid ${b.pid}, ${b.phase}); left alone. Run apply again once it has finished.`);
  }
  if (outcome.interrupted) {
    const done = outcome.results.filter((r) => r.status === 'done').length;
    const remaining = outcome.results.length - done;
    const leftovers = await invalidLeftovers(db, plan);
    const state = leftovers.length ? `INVALID left behind: ${leftovers.join(', ')} (the next apply repairs them)` : 'nothing INVALID was left behind';
    ctx.out.warn(`interrupted: ${done} action${done === 1 ? '' : 's'} done, ${remaining} remaining; ${state}. Run perfctl indexes apply again to finish.`);
    return ExitCode.interrupted;
  }
  if (failed.length) ctx.out.warn(`${ctx.errTheme.error('error:')} ${failed.length} of ${outcome.results.length} action${outcome.results.length === 1 ? '' : 's'} failed; see above. Run perfctl indexes plan to see what remains.`);
  // Not permitted is exit 3, as for connecting: the fix is another role, not another try.
  if (failed.some((r) => r.error?.code === '42501')) return ExitCode.connection;
  return failed.length || plan.blocked.length ? ExitCode.failed : ExitCode.ok;
}

async function invalidLeftovers(db: Database, plan: Plan): Promise<string[]> {
  const bySchema = new Map<string, string[]>();
  for (const step of plan.actions.flatMap((a) => a.steps.filter((s) => s.kind === 'build').map((s) => ({ schema: a.schema, index: s.index })))) {
    bySchema.set(step.schema, [...(bySchema.get(step.schema) ?? []), step.index]);
  }
  const found = await Promise.all([...bySchema].map(async ([schema, names]) => (await readInvalidIndexes(db, schema, names).catch(() => [])).map((n) => `${schema}.${n}`)));
  return found.flat();
}
