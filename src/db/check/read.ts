import type { IndexReadiness, QueryOutcome, Timings } from '../../core/check/types.js';
import type { IndexSnapshot } from '../catalog/types.js';
import type { Spec } from '../../spec/types.js';
import { readIndexSnapshot } from '../catalog/indexes.js';
import type { Database } from '../pool.js';
import { planQueries } from './plans.js';
import { readReadiness } from './readiness.js';
import { timeQueries } from './timings.js';

export interface CheckData {
  snapshot: IndexSnapshot;
  queries: QueryOutcome[];
  readiness: IndexReadiness[];
  timings?: Timings;
}

export interface ReadOptions {
  analyze: boolean;
  /** Timed runs per query for p95_ms; 0: not measured. */
  repeat: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Everything `perfctl check` judges, read once: the catalog snapshot, readiness, the sample plans, then timings. */
export async function readCheckData(db: Database, spec: Spec, options: ReadOptions): Promise<CheckData> {
  // Estimates run side by side (each takes its own connection); executed plans one at a time so their times are honest.
  const concurrency = options.analyze ? 1 : Math.max(1, Math.min(db.settings.size, 8));
  const [snapshot, readiness, queries] = await Promise.all([
    readIndexSnapshot(db, spec.indexes, spec.tables),
    readReadiness(db, spec),
    planQueries(db, spec.queries, { analyze: options.analyze, timeoutMs: options.timeoutMs, concurrency, signal: options.signal }),
  ]);
  const timings = options.repeat > 0 ? await timeQueries(db, spec.queries, queries, options.repeat, options.signal) : undefined;
  return { snapshot, readiness, queries, ...(timings ? { timings } : {}) };
}
