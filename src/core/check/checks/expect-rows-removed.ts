import { describeNode } from '../../explain/format.js';
import type { PlanNode } from '../../explain/types.js';
import { planExcerpt } from '../excerpt.js';
import { notPlanned, queriesExpecting } from '../facts.js';
import type { Check, CheckResult } from '../types.js';

/** `max_rows_removed_ratio`: rows a node read and threw away by filter or recheck, over all it read; needs actual counts. */
export const expectRowsRemoved: Check = {
  id: 'expect-rows-removed',
  title: 'max_rows_removed_ratio',
  help: 'The node reads rows only to discard them: put the filtered columns in an index (or a partial index\'s WHERE).',
  run(input) {
    return queriesExpecting(input, 'max_rows_removed_ratio').map(({ query, outcome }): CheckResult => {
      const base = { check: 'expect-rows-removed', subject: { kind: 'query' as const, name: query.name }, pos: query.pos };
      const max = query.expect.max_rows_removed_ratio!;
      if (!outcome.plan) return notPlanned('expect-rows-removed', query, outcome);
      if (outcome.mode !== 'analyze') {
        return { ...base, verdict: 'skip', message: `${query.name}: max_rows_removed_ratio not judged: rows removed are only counted when the query runs (--analyze)`, detail: [], help: 'Run perfctl check --analyze.', evidence: { max_rows_removed_ratio: max } };
      }
      const worst = outcome.plan.nodes.map((node) => ({ node, ratio: removedRatio(node) })).reduce((a, b) => (b.ratio > a.ratio ? b : a), { node: outcome.plan.root, ratio: 0 });
      const evidence = { ratio: round(worst.ratio), max_rows_removed_ratio: max };
      if (worst.ratio <= max) return { ...base, verdict: 'pass', message: `${query.name}: at most ${pct(worst.ratio)} of rows read were removed (≤ ${pct(max)})`, detail: [], evidence };
      return {
        ...base,
        verdict: 'fail',
        message: `${query.name}: ${describeNode(worst.node)} removed ${pct(worst.ratio)} of the rows it read (max ${pct(max)})`,
        node: describeNode(worst.node),
        detail: planExcerpt(outcome.plan, worst.node.id, `${pct(worst.ratio)} removed`),
        help: expectRowsRemoved.help,
        evidence,
      };
    });
  },
};

function removedRatio(node: PlanNode): number {
  const removed = node.removed.filter + node.removed.indexRecheck;
  const kept = node.rows.total ?? 0;
  return removed + kept > 0 ? removed / (removed + kept) : 0;
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}

function pct(n: number): string {
  return `${Math.round(n * 1000) / 10}%`;
}
