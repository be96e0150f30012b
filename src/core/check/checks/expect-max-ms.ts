import { describeNode, ms } from '../../explain/format.js';
import { planExcerpt } from '../excerpt.js';
import { notPlanned, queriesExpecting } from '../facts.js';
import type { Check, CheckResult } from '../types.js';

/** `max_ms`: planning plus execution time of one run, measured by EXPLAIN ANALYZE; estimates cannot judge it. */
export const expectMaxMs: Check = {
  id: 'expect-max-ms',
  title: 'max_ms',
  help: 'See where the time goes with perfctl explain --query NAME.',
  run(input) {
    return queriesExpecting(input, 'max_ms').map(({ query, outcome }): CheckResult => {
      const base = { check: 'expect-max-ms', subject: { kind: 'query' as const, name: query.name }, pos: query.pos };
      const max = query.expect.max_ms!;
      if (!outcome.plan) return notPlanned('expect-max-ms', query, outcome);
      if (outcome.mode !== 'analyze') {
        const why = outcome.mode === 'generic' ? 'the query has $n without params, so only a generic plan was made' : 'estimates only: the query was not run';
        return { ...base, verdict: 'skip', message: `${query.name}: max_ms ${ms(max)} not judged: it needs --analyze (${why})`, detail: [], help: 'Run perfctl check --analyze to execute the sample queries (read-only, rolled back).', evidence: { max_ms: max } };
      }
      const summary = outcome.plan.summary;
      const took = (summary.planningMs ?? 0) + (summary.executionMs ?? 0);
      const evidence = { ms: took, planning_ms: summary.planningMs ?? null, execution_ms: summary.executionMs ?? null, max_ms: max };
      if (took <= max) return { ...base, verdict: 'pass', message: `${query.name}: ${ms(took)} ≤ ${ms(max)}`, detail: [], evidence };
      const culprit = outcome.plan.nodes.reduce((best, n) => ((n.time?.selfMs ?? 0) > (best.time?.selfMs ?? 0) ? n : best), outcome.plan.root);
      return {
        ...base,
        verdict: 'fail',
        message: `${query.name}: ${ms(took)} (planning ${ms(summary.planningMs ?? 0)} + execution ${ms(summary.executionMs ?? 0)}) > max_ms ${ms(max)}; most of it in ${describeNode(culprit)}`,
        node: describeNode(culprit),
        detail: planExcerpt(outcome.plan, culprit.id, `${ms(culprit.time?.selfMs ?? 0)} of its own`),
        help: expectMaxMs.help,
        evidence,
      };
    });
  },
};
