import { classifyStatement } from '../../core/explain/classify.js';
import { normalisePlan } from '../../core/explain/normalise.js';
import type { QueryOutcome } from '../../core/check/types.js';
import { ExitCode, isPerfctlError } from '../../errors.js';
import type { QuerySpec } from '../../spec/types.js';
import { runExplain } from '../explain.js';
import type { Database } from '../pool.js';

export interface PlanQueriesOptions {
  /** Execute (EXPLAIN ANALYZE) in a rolled-back READ ONLY transaction; estimates otherwise. */
  analyze: boolean;
  timeoutMs: number;
  /** Queries planned at once; 1 when executing, so runs do not slow each other down. */
  concurrency: number;
  signal?: AbortSignal;
}

/**
 * Plan every sample query with the safe runner (explain's own), in spec
 * order. A query that cannot be planned is that query's failure; only losing
 * the server (exit 3) or an interrupt ends the run.
 */
export async function planQueries(db: Database, queries: QuerySpec[], options: PlanQueriesOptions): Promise<QueryOutcome[]> {
  const outcomes: QueryOutcome[] = new Array(queries.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < queries.length; i = next++) outcomes[i] = await planOne(db, queries[i]!, options);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queries.length)) }, worker));
  return outcomes;
}

async function planOne(db: Database, query: QuerySpec, options: PlanQueriesOptions): Promise<QueryOutcome> {
  try {
    const statement = await classifyStatement(query.sql);
    if (statement.writes) {
      return { name: query.name, mode: 'estimate', tables: [], error: { code: 'check-write-refused', message: `${statement.command}${statement.writingCte ? ' (a data-modifying CTE)' : ''} changes data; check plans read-only queries only` } };
    }
    // $n without params: the generic plan (PostgreSQL 16+), which cannot be executed.
    const generic = statement.paramCount > 0 && query.params.length === 0;
    if (!generic && query.params.length !== statement.paramCount) {
      return { name: query.name, mode: 'estimate', tables: [], error: { code: 'check-params', message: `the query uses ${statement.paramCount} parameter${statement.paramCount === 1 ? '' : 's'} but params: has ${query.params.length}` } };
    }
    const analyze = options.analyze && !generic;
    const run = await runExplain(db, statement.text, generic ? [] : query.params, {
      analyze,
      generic,
      buffers: false,
      settings: false,
      readOnly: true,
      timeoutMs: options.timeoutMs,
      lockTimeoutMs: Math.min(options.timeoutMs, 5_000),
      signal: options.signal,
    });
    return { name: query.name, mode: generic ? 'generic' : analyze ? 'analyze' : 'estimate', plan: normalisePlan(run.result), tables: run.tables };
  } catch (error) {
    if (!isPerfctlError(error) || error.exitCode === ExitCode.connection || error.exitCode === ExitCode.interrupted) throw error;
    return { name: query.name, mode: 'estimate', tables: [], error: { code: error.code, message: error.message.split('\n')[0]! } };
  }
}
