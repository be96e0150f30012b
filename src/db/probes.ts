import { PermissionError } from '../errors.js';
import type { Spec } from '../spec/types.js';
import { readIndexSnapshot } from './catalog/indexes.js';
import { planQueries } from './check/plans.js';
import { readReadiness } from './check/readiness.js';
import type { Database } from './pool.js';

/** Commands doctor proves by running their own first reads. */
export type ProbedCommand = 'indexes plan' | 'check' | 'explain';

/** Per command: undefined when its reads went through, else what stopped them. */
export type ProbeResults = Partial<Record<ProbedCommand, string>>;

/**
 * Run, on the spec's tables, the reads the commands themselves begin with
 * (the same functions, not a guess from role attributes): the catalog
 * snapshot with its rolled-back normalisation (plan, check), index readiness
 * (check) and estimated plans of the sample queries (check, explain).
 * Nothing is written; a permission error is the answer, not a failure.
 */
export async function probeCommands(db: Database, spec: Spec): Promise<ProbeResults> {
  const snapshot = await attempt(() => readIndexSnapshot(db, spec.indexes));
  const readiness = await attempt(() => readReadiness(db, spec));
  // A query the spec got wrong is the spec's problem (check reports it); a denied read throws, as in check.
  const plans = await attempt(() => planQueries(db, spec.queries, { analyze: false, timeoutMs: db.settings.queryTimeout, concurrency: 1 }));
  return { 'indexes plan': snapshot, check: snapshot ?? readiness ?? plans, explain: plans };
}

async function attempt(read: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await read();
    return undefined;
  } catch (error) {
    if (!(error instanceof PermissionError)) throw error;
    return (error as Error).message;
  }
}
