import { indexNodes } from '../facts.js';
import type { Check, CheckResult } from '../types.js';

/** The share of sample queries that read through an index at all, against budgets.index_coverage. */
export const indexCoverage: Check = {
  id: 'index-coverage',
  title: 'index coverage',
  help: 'Add the index each uncovered query needs (perfctl explain --query NAME suggests one), or lower budgets.index_coverage.',
  run(input): CheckResult[] {
    const budget = input.spec.budgets.index_coverage;
    const base = { check: 'index-coverage', subject: { kind: 'budget' as const, name: 'index_coverage' } };
    const total = input.queries.length;
    if (total === 0) {
      return [{ ...base, verdict: 'skip', message: 'no sample queries: add queries: to the spec to measure index coverage', detail: [], evidence: { budget } }];
    }
    const without = input.queries.filter((q) => !q.plan || indexNodes(q.plan).length === 0);
    const share = (total - without.length) / total;
    const evidence = { share: Math.round(share * 10000) / 10000, covered: total - without.length, queries: total, budget, without_index: without.map((q) => q.name) };
    const figure = `${pct(share)} of sample queries use an index (${total - without.length}/${total}), budget ≥ ${pct(budget)}`;
    const detail = without.map((q) => `${q.name}: ${q.plan ? 'no index in its plan' : 'could not be planned'}`);
    if (share >= budget) return [{ ...base, verdict: 'pass', message: figure, detail: [], evidence }];
    return [{ ...base, verdict: 'fail', message: `${figure}; without: ${without.map((q) => q.name).join(', ')}`, detail, help: indexCoverage.help, evidence }];
  },
};

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
