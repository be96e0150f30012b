import type pg from 'pg';
import type { QueryOutcome, Timings } from '../../core/check/types.js';
import type { QuerySpec } from '../../spec/types.js';
import { ExitCode, isPerfctlError } from '../../errors.js';
import { queryError } from '../errors.js';
import type { Database } from '../pool.js';
import { READ_AS_PARSED } from '../explain-send.js';
import { userSearchPathSql } from '../search-path.js';

/**
 * Run each plannable sample query `repeat` times through the tuned pool, as
 * the application would: a pooled connection, the extended protocol with
 * params. Each run is inside a READ ONLY transaction that is rolled back, and
 * only the statement itself is timed. One warm-up run per query is not
 * counted (a fresh connection plans with cold catalog caches).
 */
export async function timeQueries(db: Database, queries: QuerySpec[], outcomes: QueryOutcome[], repeat: number, signal?: AbortSignal): Promise<Timings> {
  const timings: Timings = { repeat, samples: [], skipped: [] };
  for (const [i, query] of queries.entries()) {
    const outcome = outcomes[i]!;
    if (!outcome.plan) {
      timings.skipped.push({ name: query.name, reason: 'could not be planned' });
      continue;
    }
    if (outcome.mode === 'generic') {
      timings.skipped.push({ name: query.name, reason: 'uses $n without params' });
      continue;
    }
    const ms: number[] = [];
    try {
      for (let run = 0; run <= repeat && !signal?.aborted; run++) {
        const took = await db.withClient((client) => timeOnce(client, query));
        if (run > 0) ms.push(took);
      }
      timings.samples.push({ name: query.name, ms });
    } catch (error) {
      // A run that fails (a timeout, say) skips the query; losing the server ends the check.
      if (!isPerfctlError(error) || error.exitCode !== ExitCode.failed) throw error;
      timings.skipped.push({ name: query.name, reason: error.message.split('\n')[0]! });
    }
  }
  return timings;
}

async function timeOnce(client: pg.PoolClient, query: QuerySpec): Promise<number> {
  await client.query(`BEGIN TRANSACTION READ ONLY; ${READ_AS_PARSED}; ${userSearchPathSql(true)}`);
  try {
    const started = performance.now();
    await client.query({ text: query.sql, values: query.params, queryMode: 'extended' } as pg.QueryConfig);
    return performance.now() - started;
  } catch (error) {
    throw queryError(error, `timing ${query.name}`);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}
