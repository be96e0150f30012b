import { pgFields } from '../../db/errors.js';
import type { Plan, PlanAction, PlanStep } from '../plan/types.js';
import { dropUnusedReplacement } from './cleanup.js';
import { sleep } from './backoff.js';
import { Interrupt, runStep, StepFailure, type Lane, type RunningStep, type StepContext } from './step.js';
import type { ActionResult, ApplyEvent, ApplyOptions, ApplyOutcome, ApplyPort } from './types.js';

/**
 * Carries out a plan: one chain of actions per table, run in order on its own
 * DDL connection; chains of different tables in parallel up to
 * `concurrency`. The first abort cancels running statements on the server
 * (from another connection), lets each step drop what it left INVALID, and
 * starts nothing new.
 */
export async function runApply(plan: Plan, port: ApplyPort, options: ApplyOptions, emit: (event: ApplyEvent) => void, signal: AbortSignal): Promise<ApplyOutcome> {
  const started = Date.now();
  const results = new Map<PlanAction, ActionResult>();
  const running = new Map<number, RunningStep>();
  const lanes = new Set<Lane>();
  const context: StepContext = { port, options, emit, signal, running, ownPids: () => [...lanes].map((l) => l.session.pid) };
  let finished = false;
  const stopped = new AbortController();

  const onAbort = () => void cancelLoop(context, () => finished);
  signal.addEventListener('abort', onAbort, { once: true });
  const poller = pollProgress(context, stopped.signal);

  // Each worker keeps one DDL connection for all the tables it takes on (connecting costs a round trip or three).
  const runQueue = async (queue: PlanAction[][]) => {
    const worker = async () => {
      let lane: Lane | undefined;
      try {
        for (let chain = queue.shift(); chain && !signal.aborted; chain = queue.shift()) {
          lane = await runChain(context, chain, lane, lanes, results);
        }
      } finally {
        if (lane) {
          lanes.delete(lane);
          await lane.session.close();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  };
  try {
    // Actions that wait for others (a partitioned index waits for its partitions' builds) run once those are done.
    await runQueue(chains(plan.actions.filter((a) => !a.after?.length)));
    const waiting = plan.actions.filter((a) => a.after?.length);
    const ready = waiting.filter((a) => a.after!.every((id) => plan.actions.some((d) => d.id === id && results.get(d)?.status === 'done')));
    for (const action of waiting.filter((a) => !ready.includes(a))) {
      if (signal.aborted) continue;
      const missing = action.after!.filter((id) => !plan.actions.some((d) => d.id === id && results.get(d)?.status === 'done'));
      results.set(action, { ...notStarted(action), status: 'failed', error: { code: 'dependency-failed', message: `not started: ${missing.join(', ')} did not finish; what is built stays, and the next apply attaches it` } });
    }
    if (!signal.aborted) await runQueue(chains(ready));
  } finally {
    finished = true;
    stopped.abort();
    signal.removeEventListener('abort', onAbort);
    await poller;
  }
  const ordered = plan.actions.map((action) => results.get(action) ?? notStarted(action));
  return { results: ordered, interrupted: signal.aborted, durationMs: Date.now() - started };
}

function chains(actions: PlanAction[]): PlanAction[][] {
  const byTable = new Map<string, PlanAction[]>();
  for (const action of actions) {
    const key = `${action.schema}\0${action.table}`;
    byTable.set(key, [...(byTable.get(key) ?? []), action]);
  }
  return [...byTable.values()];
}

/** Runs one table's actions in order; returns the lane to reuse (undefined when it could not connect). */
async function runChain(c: StepContext, chain: PlanAction[], lane: Lane | undefined, lanes: Set<Lane>, results: Map<PlanAction, ActionResult>): Promise<Lane | undefined> {
  if (!lane) {
    try {
      lane = { session: await c.port.openSession() };
      lanes.add(lane);
    } catch (error) {
      for (const action of chain) results.set(action, { ...notStarted(action), status: 'failed', error: errorInfo(error) });
      return undefined;
    }
  }
  for (const action of chain) {
    if (c.signal.aborted) break;
    const result = await runAction(c, lane, action);
    results.set(action, result);
    c.emit({ type: 'action-done', result, at: Date.now() });
  }
  return lane;
}

async function runAction(c: StepContext, lane: Lane, action: PlanAction): Promise<ActionResult> {
  const started = Date.now();
  c.emit({ type: 'action-start', action, at: started });
  let attempts = 1;
  const done: PlanStep[] = [];
  try {
    for (const step of action.steps) {
      attempts = Math.max(attempts, await runStep(c, lane, action, step));
      done.push(step);
    }
    const state = action.kind === 'drop' ? null : await c.port.indexState(action.schema, action.index).catch(() => null);
    if (action.verifyValid && state && !state.valid) {
      throw new StepFailure('invalid-index', `${action.schema}.${action.index} is still INVALID once its partitions are attached: a partition has no index (one added meanwhile?); run apply again`);
    }
    return { action, status: 'done', durationMs: Date.now() - started, sizeBytes: state?.sizeBytes ?? 0, attempts };
  } catch (error) {
    const interrupted = error instanceof Interrupt || (c.signal.aborted && pgFields(error).code === '57014');
    const note = await dropUnusedReplacement(c, lane, action, done);
    const info = errorInfo(error);
    return { action, status: interrupted ? 'interrupted' : 'failed', durationMs: Date.now() - started, sizeBytes: 0, attempts, ...(interrupted ? {} : { error: { ...info, message: info.message + note } }) };
  }
}

function notStarted(action: PlanAction): ActionResult {
  return { action, status: 'not-started', durationMs: 0, sizeBytes: 0, attempts: 0 };
}

function errorInfo(error: unknown): NonNullable<ActionResult['error']> {
  if (error instanceof StepFailure) return { code: error.code, message: error.message, hint: error.hint };
  const fields = pgFields(error);
  return { code: fields.code ?? (error as { code?: string }).code, message: fields.message, hint: fields.hint ?? (error as { hint?: string }).hint };
}

/** Cancels every running statement, again every 300 ms, until the workers have stopped. */
async function cancelLoop(c: StepContext, done: () => boolean): Promise<void> {
  c.emit({ type: 'interrupt', running: c.running.size, at: Date.now() });
  while (!done()) {
    await Promise.all([...c.running.keys()].map((pid) => c.port.cancel(pid).catch(() => undefined)));
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function pollProgress(c: StepContext, stop: AbortSignal): Promise<void> {
  while (await sleep(c.options.progressIntervalMs, stop)) {
    const builds = [...c.running.values()].filter((r) => r.step.kind === 'build');
    if (builds.length === 0) continue;
    const rows = await c.port.progress(builds.map((b) => b.pid)).catch(() => []);
    for (const progress of rows) {
      const entry = c.running.get(progress.pid);
      if (entry) c.emit({ type: 'progress', action: entry.action, step: entry.step, progress, startedAt: entry.startedAt, at: Date.now() });
    }
  }
}
