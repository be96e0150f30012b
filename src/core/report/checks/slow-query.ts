import { formatDuration } from '../../../util/text.js';
import { isPlannable, round, valueOf } from '../facts.js';
import type { Check } from '../types.js';

/** Statements whose mean execution time exceeds budgets.slow_query_ms. */
export const slowQuery: Check = {
  id: 'slow-query',
  section: 'slow-queries',
  help: 'See where the time goes with `perfctl explain`, then add the index it needs or rewrite it.',
  run({ data, budgets }) {
    const statements = valueOf(data.statements);
    if (!statements) return [];
    return statements.rows
      .filter((s) => s.calls > 0 && s.meanMs > budgets.slow_query_ms && isPlannable(s.query))
      .sort((a, b) => b.totalMs - a.totalMs)
      .map((s) => ({
        check: this.id,
        severity: 'error',
        object: `query ${s.queryid}`,
        evidence: { queryid: s.queryid, role: s.role, calls: s.calls, mean_ms: round(s.meanMs), max_ms: s.maxMs === null ? null : round(s.maxMs), total_ms: round(s.totalMs), budget_ms: budgets.slow_query_ms },
        message: `mean ${formatDuration(s.meanMs)} over ${s.calls} call${s.calls === 1 ? '' : 's'} (budget ${formatDuration(budgets.slow_query_ms)})`,
        help: this.help,
        budget: 'slow_query_ms',
        ...(s.query ? { sql: s.query } : {}),
      }));
  },
};
