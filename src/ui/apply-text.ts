import type { ActionResult, ApplyEvent, BlockerInfo, ProgressInfo } from '../core/apply/types.js';
import type { PlanAction, PlanStep } from '../core/plan/types.js';
import { formatDuration, groupThousands } from '../util/text.js';

/** Wording shared by the line renderer and the Ink view. */

export function blockerText(b: BlockerInfo): string {
  if (b.reason === 'prepared transaction') return `prepared transaction '${b.gid ?? '?'}' (${formatDuration(b.ageMs)} old; COMMIT PREPARED or ROLLBACK PREPARED it)`;
  return `pid ${b.pid} (${b.application ? `'${b.application}'` : 'no application name'}, ${b.state || 'unknown state'}, transaction open ${formatDuration(b.ageMs)}): ${b.reason}`;
}

export function stepText(action: PlanAction, step: PlanStep): string {
  const where = `${action.schema}.${step.index}`;
  switch (step.kind) {
    case 'build':
      return `building ${where} on ${action.schema}.${action.table}`;
    case 'drop':
      return `dropping ${where}`;
    case 'rename':
      return `renaming ${where} to ${step.renameTo}`;
    case 'analyze':
      return `analyzing ${action.schema}.${action.table}`;
    case 'alter':
      return `carrying the ${step.label ?? 'settings'} over to ${where}`;
    case 'define':
      return `defining ${where} on ONLY ${action.schema}.${action.table} (no data)`;
    case 'attach':
      return `attaching ${where} to ${step.parentIndex}`;
  }
}

export function progressText(p: ProgressInfo): string {
  const parts = [p.phase];
  if (p.blocksTotal > 0) parts.push(`blocks ${groupThousands(p.blocksDone)}/${groupThousands(p.blocksTotal)} (${Math.floor((100 * p.blocksDone) / p.blocksTotal)}%)`);
  if (p.tuplesTotal > 0) parts.push(`tuples ${groupThousands(p.tuplesDone)}/${groupThousands(p.tuplesTotal)}`);
  if (p.lockersTotal > 0) parts.push(`lockers ${p.lockersDone}/${p.lockersTotal}`);
  if (p.locker) parts.push(`waiting for pid ${p.locker.pid} (${p.locker.application ? `'${p.locker.application}'` : 'no application name'}, transaction open ${formatDuration(p.locker.ageMs)})`);
  return parts.join(', ');
}

/** Fraction done of the current phase, when PostgreSQL reports one. */
export function progressFraction(p: ProgressInfo): number | undefined {
  if (p.blocksTotal > 0) return p.blocksDone / p.blocksTotal;
  if (p.tuplesTotal > 0) return p.tuplesDone / p.tuplesTotal;
  return undefined;
}

export function resultText(r: ActionResult): string {
  const what = `${r.action.kind} ${r.action.schema}.${r.action.index}`;
  switch (r.status) {
    case 'done':
      return `${what} done in ${formatDuration(r.durationMs)}${r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}`;
    case 'failed':
      return `${what} FAILED: ${r.error?.message ?? 'unknown error'}`;
    case 'interrupted':
      return `${what} interrupted after ${formatDuration(r.durationMs)}`;
    case 'not-started':
      return `${what} not started`;
  }
}

/** What happens to an index a stopped or failed build left, in words that stay true once it is over. */
export function cleanupText(event: Extract<ApplyEvent, { type: 'cleanup' }>): string {
  const index = `${event.action.schema}.${event.index}`;
  switch (event.state) {
    case 'dropping':
      return `${index}: ${event.reason}; dropping the INVALID index the build left (DROP INDEX CONCURRENTLY)…`;
    case 'dropped':
      return `${index}: dropped the INVALID index the build left`;
    case 'failed':
      return `${index}: could not drop the INVALID index the build left yet; the next apply drops it`;
    case 'kept':
      return `${index}: kept INVALID (--keep-invalid): ${event.reason}`;
  }
}
