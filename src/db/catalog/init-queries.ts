import type { QueryOutcome } from '../../core/check/types.js';
import type { TopStatement } from '../../core/init/queries.js';
import type { QuerySpec } from '../../spec/types.js';
import { planQueries } from '../check/plans.js';
import type { Database } from '../pool.js';
import { readReportData } from './report/read.js';

/** Candidates planned per statement asked for: some are writes, utility statements or about other tables. */
const CANDIDATES_PER_QUERY = 5;

export type TopStatements = { statements: TopStatement[]; outcomes: QueryOutcome[] } | { problem: string; fix: string };

/**
 * The statements of this database that took the most time (pg_stat_statements,
 * top level, perfctl's own left out), each planned as `check` plans a sample
 * query: estimates only, the generic plan when it has $n parameters, writes
 * refused before anything is sent.
 */
export async function readTopStatements(db: Database, limit: number, signal?: AbortSignal): Promise<TopStatements> {
  const data = await readReportData(db, { parts: new Set(['statements']) });
  const part = data.statements!;
  if (!part.available) return { problem: part.problem, fix: part.fix };
  // One entry per role that ran it: the same text counts once.
  const byText = new Map<string, TopStatement>();
  for (const r of part.value.rows) {
    if (!r.toplevel || r.query === null || r.calls === 0) continue;
    const seen = byText.get(r.query) ?? { sql: r.query, calls: 0, totalMs: 0, meanMs: 0 };
    seen.calls += r.calls;
    seen.totalMs += r.totalMs;
    seen.meanMs = seen.totalMs / seen.calls;
    byText.set(r.query, seen);
  }
  const statements = [...byText.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, limit * CANDIDATES_PER_QUERY);
  const queries: QuerySpec[] = statements.map((s, i) => ({ name: `candidate${i}`, sql: s.sql, params: [], expect: {}, pos: { line: 1, column: 1 } }));
  const outcomes = await planQueries(db, queries, { analyze: false, timeoutMs: 30_000, concurrency: 2, signal });
  return { statements, outcomes };
}
