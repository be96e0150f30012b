import { sqlstate } from '../../db/errors.js';
import type { PlanAction, PlanStep } from '../plan/types.js';
import { TEMP_PREFIX } from '../plan/types.js';
import { renderDropIndex } from '../sql.js';
import type { Lane, StepContext } from './step.js';

/**
 * After a replace stops part-way (a failed step, an interrupt), the new index
 * built under perfctl's temporary name must not stay behind: it costs every
 * write, and a UNIQUE one enforces a constraint nobody asked for. It is
 * dropped concurrently while the old index still exists and is valid; when
 * the old one is already gone or INVALID, or the replica identity has moved to
 * the new one, the new one is what serves, so it stays and the next plan
 * renames it into place.
 * Returns a note for the failure message.
 */
export async function dropUnusedReplacement(c: StepContext, lane: Lane, action: PlanAction, done: PlanStep[]): Promise<string> {
  const built = done.find((s) => s.kind === 'build' && s.index.startsWith(TEMP_PREFIX));
  if (!built || !action.from) return '';
  const old = await c.port.indexState(action.schema, action.from).catch(() => undefined);
  const temp = await c.port.indexState(action.schema, built.index).catch(() => undefined);
  if (old === undefined || temp === undefined || temp === null) return '';
  if (old === null || !(old.valid && old.ready)) {
    return `; the new index ${action.schema}.${built.index} was kept: ${action.schema}.${action.from} is ${old === null ? 'gone' : 'INVALID'}, and the next apply renames the new one into place`;
  }
  if (temp.replicaIdentity) {
    return `; the new index ${action.schema}.${built.index} was kept: it is already the replica identity of ${action.schema}.${action.table}, and the next apply renames it into place`;
  }
  const reason = `${action.schema}.${action.from} is still in place`;
  c.emit({ type: 'cleanup', action, index: built.index, reason, state: 'dropping', at: Date.now() });
  try {
    if (!lane.session.usable) {
      await lane.session.close();
      lane.session = await c.port.openSession();
    }
    await lane.session.run(renderDropIndex(action.schema, built.index, { concurrently: true, ifExists: true }), { lockTimeoutMs: built.lockTimeoutMs, statementTimeoutMs: 0 });
    c.emit({ type: 'cleanup', action, index: built.index, reason, state: 'dropped', at: Date.now() });
    return `; the new index ${action.schema}.${built.index} was dropped (${action.schema}.${action.from} is unchanged)`;
  } catch (error) {
    c.emit({ type: 'cleanup', action, index: built.index, reason, state: 'failed', at: Date.now() });
    return `; the new index ${action.schema}.${built.index} could not be dropped yet (${sqlstate(error) ?? 'error'}); the next apply drops it`;
  }
}
