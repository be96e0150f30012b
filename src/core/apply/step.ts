import { isConnectionLoss, pgFields, sqlstate } from '../../db/errors.js';
import { formatDuration } from '../../util/text.js';
import type { PlanAction, PlanStep } from '../plan/types.js';
import { renderDropIndex } from '../sql.js';
import { backoffDelay, sleep } from './backoff.js';
import type { ApplyEvent, ApplyOptions, ApplyPort, BlockerInfo, DdlPort } from './types.js';

/** Lock timeout, deadlock, too many connections: clean up and try again. */
const RETRYABLE = new Set(['55P03', '40P01', '53300']);

export class Interrupt extends Error {}

export class StepFailure extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A DDL connection and the table chain it serves; replaced after a lost connection. */
export interface Lane {
  session: DdlPort;
}

export interface RunningStep {
  pid: number;
  action: PlanAction;
  step: PlanStep;
  startedAt: number;
}

export interface StepContext {
  port: ApplyPort;
  options: ApplyOptions;
  emit: (event: ApplyEvent) => void;
  signal: AbortSignal;
  running: Map<number, RunningStep>;
  ownPids: () => number[];
}

/**
 * One statement of the plan, with what a DBA would do by hand around it: look
 * for blockers first, drop an INVALID leftover after a failed build, retry
 * lock timeouts and deadlocks with jittered backoff, reconnect after a lost
 * connection, and check that a build really produced a valid index.
 * Returns the number of attempts.
 */
export async function runStep(c: StepContext, lane: Lane, action: PlanAction, step: PlanStep): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const entry: RunningStep = { pid: lane.session.pid, action, step, startedAt: Date.now() };
    try {
      if (!lane.session.usable) await reopen(c, lane, action, step);
      // A leftover of the previous attempt that could not be dropped then (a writer still held the table).
      if (step.kind === 'build' && attempt > 0) await clearLeftover(c, lane, action, step);
      if (step.kind === 'build') await reportBlockers(c, action, step);
      entry.pid = lane.session.pid;
      entry.startedAt = Date.now();
      c.emit({ type: 'step-start', action, step, attempt: attempt + 1, pid: entry.pid, at: entry.startedAt });
      if (c.signal.aborted) throw new Interrupt();
      if (step.requireValid) await checkRequiredValid(c, step.requireValid, step);
      c.running.set(entry.pid, entry);
      await lane.session.run(step.sql, step);
      c.running.delete(entry.pid);
      if (step.kind === 'build') await verifyBuilt(c, lane, action, step);
      return attempt + 1;
    } catch (error) {
      c.running.delete(entry.pid);
      if (error instanceof Interrupt || error instanceof StepFailure) throw error;
      const code = sqlstate(error);
      const lost = isConnectionLoss(error) || !lane.session.usable;
      if (lost) {
        await reopen(c, lane, action, step, entry.pid);
        // The server may have finished the statement before the connection went.
        if (await alreadyDone(c, action, step)) return attempt + 1;
      }
      // 42P07: the name is taken by something perfctl did not create; never drop it.
      const leftover = step.kind === 'build' && code !== '42P07' ? await dropLeftover(c, lane, action, step, describeError(error, code, step)) : { note: '', kept: false };
      if (c.signal.aborted) throw new Interrupt();
      if (code === '23505' && step.duplicateCheckSql) throw await duplicateFailure(c, action, step, leftover.note);
      if (code === '57014') throw new StepFailure(code, `${step.kind} of ${action.schema}.${step.index} stopped by statement_timeout (${formatDuration(step.statementTimeoutMs)})${leftover.note}`, 'Raise --build-timeout, or leave it unset for no limit.');
      const retryable = (lost || (code !== undefined && RETRYABLE.has(code))) && !leftover.kept;
      if (!retryable || attempt >= c.options.retries) {
        const tries = retryable ? ` after ${attempt + 1} attempts` : '';
        throw new StepFailure(code, `${step.kind} of ${action.schema}.${step.index} failed${tries}: ${describeError(error, code, step)}${leftover.note}`, searchPathHint(code, step) ?? (code === '2BP01' ? DEPENDENT_HINT : pgFields(error).hint) ?? retryHint(code));
      }
      const delayMs = backoffDelay(attempt, c.options.retryDelayMs, c.options.random ?? Math.random);
      const blockers = await c.port.blockers(action.schema, action.table, c.ownPids()).catch(() => [] as BlockerInfo[]);
      c.emit({ type: 'retry', action, step, attempt: attempt + 1, retries: c.options.retries, delayMs, error: { code, message: describeError(error, code, step) }, blockers, at: Date.now() });
      if (!(await sleep(delayMs, c.signal))) throw new Interrupt();
    }
  }
}

async function checkRequiredValid(c: StepContext, required: { schema: string; index: string }, step: PlanStep): Promise<void> {
  const state = await c.port.indexState(required.schema, required.index);
  if (state?.valid && state.ready) return;
  throw new StepFailure('invalid-index', `${required.schema}.${required.index} is not valid, so ${step.index} was not dropped: a partition has no index attached (one added meanwhile?); run apply again`);
}

async function reportBlockers(c: StepContext, action: PlanAction, step: PlanStep): Promise<void> {
  const blockers = await c.port.blockers(action.schema, action.table, c.ownPids()).catch(() => []);
  if (blockers.length) c.emit({ type: 'blockers', action, step, blockers, at: Date.now() });
}

async function alreadyDone(c: StepContext, action: PlanAction, step: PlanStep): Promise<boolean> {
  if (step.kind === 'build') return isValid(c, action, step);
  if (step.kind === 'define') return (await c.port.indexState(action.schema, step.index)) !== null;
  if (step.kind === 'rename') return (await c.port.indexState(action.schema, step.index)) === null && (await c.port.indexState(action.schema, step.renameTo!)) !== null;
  return false;
}

async function isValid(c: StepContext, action: PlanAction, step: PlanStep): Promise<boolean> {
  const state = await c.port.indexState(action.schema, step.index);
  return Boolean(state?.valid && state.ready);
}

async function verifyBuilt(c: StepContext, lane: Lane, action: PlanAction, step: PlanStep): Promise<void> {
  if (await isValid(c, action, step)) return;
  const leftover = await dropLeftover(c, lane, action, step, 'the build finished but the index is not valid');
  throw new StepFailure('invalid-index', `${action.schema}.${step.index} was built but is not valid (indisvalid/indisready false)${leftover.note}`);
}

/**
 * A failed concurrent build leaves an INVALID index that still costs every
 * write (and, if UNIQUE, still enforces uniqueness): drop it concurrently at
 * once, unless --keep-invalid. Best effort: the drop itself waits for every
 * transaction holding a lock on the table, so it may have to wait for a retry.
 */
async function dropLeftover(c: StepContext, lane: Lane, action: PlanAction, step: PlanStep, reason: string): Promise<{ note: string; kept: boolean }> {
  const state = await c.port.indexState(action.schema, step.index).catch(() => null);
  if (!state || (state.valid && state.ready)) return { note: '', kept: false };
  if (c.options.keepInvalid) {
    c.emit({ type: 'cleanup', action, index: step.index, reason, state: 'kept', at: Date.now() });
    return { note: `; INVALID index ${action.schema}.${step.index} kept (--keep-invalid)`, kept: true };
  }
  c.emit({ type: 'cleanup', action, index: step.index, reason, state: 'dropping', at: Date.now() });
  try {
    await clearLeftover(c, lane, action, step);
    c.emit({ type: 'cleanup', action, index: step.index, reason, state: 'dropped', at: Date.now() });
    return { note: '; its INVALID leftover was dropped', kept: false };
  } catch (error) {
    c.emit({ type: 'cleanup', action, index: step.index, reason, state: 'failed', at: Date.now() });
    return { note: `; its INVALID leftover could not be dropped yet (${describeError(error, sqlstate(error), step)}); the next attempt or apply drops it`, kept: false };
  }
}

/** DROP INDEX CONCURRENTLY IF EXISTS of an INVALID index the build left; throws when it cannot. */
async function clearLeftover(c: StepContext, lane: Lane, action: PlanAction, step: PlanStep): Promise<void> {
  const state = await c.port.indexState(action.schema, step.index);
  if (!state || (state.valid && state.ready)) return;
  if (!lane.session.usable) await reopen(c, lane, action, step);
  await lane.session.run(renderDropIndex(action.schema, step.index, { concurrently: true, ifExists: true }), { lockTimeoutMs: step.lockTimeoutMs, statementTimeoutMs: 0 });
}

/** After a lost connection: a new session, and our old backend cancelled if it is somehow still building. */
async function reopen(c: StepContext, lane: Lane, action: PlanAction, step: PlanStep, oldPid?: number): Promise<void> {
  await lane.session.close();
  lane.session = await c.port.openSession();
  if (oldPid === undefined || step.kind !== 'build') return;
  for (let i = 0; i < 60; i++) {
    const state = await c.port.indexState(action.schema, step.index);
    if (!state || state.buildingPid !== oldPid) return;
    await c.port.cancel(oldPid).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function duplicateFailure(c: StepContext, action: PlanAction, step: PlanStep, leftover: string): Promise<StepFailure> {
  const count = await c.port.countDuplicates(step.duplicateCheckSql!).catch(() => undefined);
  const what = count === undefined ? 'duplicate keys' : `${count} duplicate key value${count === 1 ? '' : 's'}`;
  return new StepFailure(
    '23505',
    `unique index ${action.schema}.${step.index} cannot be built: ${action.schema}.${action.table} has ${what} (values not shown)${leftover}`,
    'Remove the duplicate keys first (GROUP BY the index columns HAVING count(*) > 1 finds them), then run apply again.',
  );
}

function describeError(error: unknown, code: string | undefined, step?: PlanStep): string {
  const message = pgFields(error).message;
  if (code === '55P03' && step) return `lock_timeout (${formatDuration(step.lockTimeoutMs)}): ${message}`;
  if (code === '40P01') return `deadlock detected (${message})`;
  return code ? `${message} [${code}]` : message;
}

/** Undefined function, table, type or schema in a build that calls functions without SET search_path (PostgreSQL 17+). */
function searchPathHint(code: string | undefined, step: PlanStep): string | undefined {
  const functions = step.searchPathFunctions ?? [];
  if (functions.length === 0 || !['42883', '42P01', '42704', '3F000'].includes(code ?? '')) return undefined;
  return `PostgreSQL 17+ runs ${functions.join(', ')} with search_path = pg_catalog, pg_temp while it builds the index: schema-qualify the names inside, or ALTER FUNCTION ${functions[0]} SET search_path = <its schemas>; then run apply again.`;
}

/** PostgreSQL's own hint for 2BP01 is CASCADE, which would drop a foreign key or a partition's index: never that. */
const DEPENDENT_HINT = 'Another object depends on this index (a foreign key, or a partitioned index it is attached to); perfctl never drops dependent objects. Run perfctl indexes plan to see what it names.';

function retryHint(code: string | undefined): string | undefined {
  if (code === '55P03' || code === '40P01') return 'Another session kept a conflicting lock; run apply again when it is done, or raise --lock-timeout / --retries.';
  if (code === '42501') return 'Building an index needs ownership of the table (or membership in its owner role) and CREATE on its schema; connect as the owner.';
  return undefined;
}
