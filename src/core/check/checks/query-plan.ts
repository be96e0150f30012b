import { accessSummary } from '../../explain/access.js';
import { compact } from '../../explain/format.js';
import type { Check, CheckResult } from '../types.js';

/** Every sample query must plan: a syntax error, a missing column or a refused statement fails here. */
export const queryPlan: Check = {
  id: 'query-plan',
  title: 'sample query plans',
  help: 'Fix the query in the spec (run perfctl explain --query NAME to see the error in place).',
  run(input) {
    return input.spec.queries.map((query, i): CheckResult => {
      const outcome = input.queries[i]!;
      const base = { check: 'query-plan', subject: { kind: 'query' as const, name: query.name }, pos: query.pos };
      if (!outcome.plan) {
        return { ...base, verdict: 'fail', message: `${query.name}: could not be planned: ${outcome.error?.message ?? 'unknown error'}`, detail: [], help: queryPlan.help, evidence: { code: outcome.error?.code ?? null } };
      }
      const cost = outcome.plan.root.cost.total;
      const mode = outcome.mode === 'generic' ? ', generic plan' : outcome.mode === 'analyze' ? ', executed' : '';
      return { ...base, verdict: 'pass', message: `${query.name}: ${accessSummary(outcome.plan)} (cost ${compact(cost)}${mode})`, detail: [], evidence: { cost, mode: outcome.mode } };
    });
  },
};
