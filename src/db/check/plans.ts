import { classifyStatements, type ClassifiedStatement } from '../../core/explain/classify.js';
import { normalisePlan } from '../../core/explain/normalise.js';
import type { QueryOutcome } from '../../core/check/types.js';
import { ExitCode, isPerfctlError, type PerfctlError } from '../../errors.js';
import type { QuerySpec } from '../../spec/types.js';
import { runExplain } from '../explain.js';
import type { Database } from '../pool.js';
import { explainEstimates, type EstimateItem } from './estimates.js';

export interface PlanQueriesOptions {
  /** Execute (EXPLAIN ANALYZE) in a rolled-back READ ONLY transaction; estimates otherwise. */
  analyze: boolean;
  timeoutMs: number;
  /** Connections used at once for estimates; executed plans run one at a time so their times are honest. */
  concurrency: number;
  signal?: AbortSignal;
}

/** Statements per connection before another is worth its authentication and cold caches. */
const PER_CONNECTION = 16;

type Admitted = { index: number; query: QuerySpec; item: EstimateItem };

/**
 * Plan every sample query, in spec order. A query that cannot be planned (or
 * is refused: a write, wrong params) is that query's failure; only losing the
 * server (exit 3) or an interrupt ends the run. Estimates share a few
 * connections (src/db/check/estimates.ts); executed plans use explain's safe
 * runner, one fresh connection each.
 */
export async function planQueries(db: Database, queries: QuerySpec[], options: PlanQueriesOptions): Promise<QueryOutcome[]> {
  const outcomes: QueryOutcome[] = new Array(queries.length);
  const admitted: Admitted[] = [];
  const statements = await classifyStatements(queries.map((q) => q.sql));
  for (const [index, query] of queries.entries()) {
    const checked = admit(query, statements[index]!);
    if ('error' in checked) outcomes[index] = { name: query.name, mode: 'estimate', tables: [], error: checked.error };
    else admitted.push({ index, query, item: checked });
  }
  const executed = options.analyze ? admitted.filter((a) => !a.item.generic) : [];
  const estimated = admitted.filter((a) => !executed.includes(a));
  for (const a of executed) outcomes[a.index] = await analyzeOne(db, a, options);
  const chunks = split(estimated, Math.max(1, Math.min(options.concurrency, Math.ceil(estimated.length / PER_CONNECTION))));
  await Promise.all(
    chunks.map(async (chunk) => {
      const results = await explainEstimates(db, chunk.map((c) => c.item), options.timeoutMs, options.signal);
      chunk.forEach((a, i) => {
        const r = results[i]!;
        // Not permitted is exit 3, as for connecting: the fix is another role.
        if ('error' in r && r.error.exitCode === ExitCode.connection) throw r.error;
        const mode = a.item.generic ? 'generic' : 'estimate';
        outcomes[a.index] = 'error' in r ? { name: a.query.name, mode, tables: [], error: brief(r.error) } : { name: a.query.name, mode, plan: normalisePlan(r.result), tables: r.tables };
      });
    }),
  );
  return outcomes;
}

/** Parsed with PostgreSQL's parser before anything is sent: one read-only statement, the right number of params. */
function admit(query: QuerySpec, statement: ClassifiedStatement | PerfctlError): EstimateItem | { error: QueryOutcome['error'] & object } {
  if (isPerfctlError(statement)) return { error: brief(statement) };
  if (statement.writes) return { error: { code: 'check-write-refused', message: `${statement.command}${statement.writingCte ? ' (a data-modifying CTE)' : ''} changes data; check plans read-only queries only` } };
  // $n without params: the generic plan, which cannot be executed.
  const generic = statement.paramCount > 0 && query.params.length === 0;
  if (!generic && query.params.length !== statement.paramCount) {
    return { error: { code: 'check-params', message: `the query uses ${statement.paramCount} parameter${statement.paramCount === 1 ? '' : 's'} but params: has ${query.params.length}` } };
  }
  return { statement: statement.text, params: generic ? [] : query.params, generic, paramCount: statement.paramCount };
}

async function analyzeOne(db: Database, a: Admitted, options: PlanQueriesOptions): Promise<QueryOutcome> {
  try {
    const run = await runExplain(db, a.item.statement, a.item.params, { analyze: true, generic: false, buffers: false, settings: false, readOnly: true, timeoutMs: options.timeoutMs, lockTimeoutMs: Math.min(options.timeoutMs, 5_000), signal: options.signal });
    return { name: a.query.name, mode: 'analyze', plan: normalisePlan(run.result), tables: run.tables };
  } catch (error) {
    if (!isPerfctlError(error) || error.exitCode === ExitCode.connection || error.exitCode === ExitCode.interrupted) throw error;
    return { name: a.query.name, mode: 'analyze', tables: [], error: brief(error) };
  }
}

function brief(error: PerfctlError): { code: string; message: string } {
  return { code: error.code, message: error.message.split('\n')[0]! };
}

/** Round-robin into n chunks, so each connection gets a similar mix. */
function split<T>(items: T[], n: number): T[][] {
  const chunks: T[][] = Array.from({ length: n }, () => []);
  items.forEach((item, i) => chunks[i % n]!.push(item));
  return chunks.filter((c) => c.length > 0);
}
