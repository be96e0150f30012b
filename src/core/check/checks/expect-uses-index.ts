import { describeNode } from '../../explain/format.js';
import { planExcerpt } from '../excerpt.js';
import { analyzeHint, indexesUsed, notPlanned, notYetUsableReasons, queriesExpecting } from '../facts.js';
import type { Check, CheckInput, CheckResult, QueryOutcome } from '../types.js';
import type { QuerySpec } from '../../../spec/types.js';

/** `uses_index: NAME` (the plan uses that index) or `uses_index: true` (some index). */
export const expectUsesIndex: Check = {
  id: 'expect-uses-index',
  title: 'uses_index',
  help: 'Make sure the index exists and matches the query (perfctl explain --query NAME shows why the planner chose otherwise).',
  run(input) {
    return queriesExpecting(input, 'uses_index').map(({ query, outcome }) => judge(input, query, outcome));
  },
};

function judge(input: CheckInput, query: QuerySpec, outcome: QueryOutcome): CheckResult {
  if (!outcome.plan) return notPlanned('expect-uses-index', query, outcome);
  const plan = outcome.plan;
  const wanted = query.expect.uses_index as string | true;
  const used = indexesUsed(plan);
  const base = { check: 'expect-uses-index', subject: { kind: 'query' as const, name: query.name }, pos: query.pos, evidence: { expected: wanted === true ? true : wanted, used } };
  const ok = wanted === true ? used.length > 0 : used.includes(wanted);
  if (ok) {
    const node = plan.nodes.find((n) => n.index !== undefined && (wanted === true || n.index === wanted))!;
    return { ...base, verdict: 'pass', message: `${query.name}: ${describeNode(node)}`, detail: [] };
  }
  const table = wanted === true ? undefined : tableOf(input, wanted);
  // The node that read the table instead of the index, else the first scan, else the root.
  const culprit = plan.nodes.find((n) => table !== undefined && n.relation === table) ?? plan.nodes.find((n) => n.nodeType === 'Seq Scan') ?? plan.root;
  const expected = wanted === true ? 'an index' : wanted;
  const excerpt = planExcerpt(plan, culprit.id, `expected ${expected}`);
  const base2 = { ...base, node: describeNode(culprit), detail: excerpt };
  if (wanted !== true && !input.readiness.some((r) => r.name === wanted)) {
    return { ...base2, verdict: 'fail', message: `${query.name}: expected ${wanted}, but it does not exist in the database; the plan uses ${describeNode(culprit)}`, help: 'Create it (it is missing from the spec, or run perfctl indexes apply), or fix the name in uses_index.' };
  }
  const candidates = input.readiness.filter((r) => (wanted === true ? plan.nodes.some((n) => n.relation === r.table) : r.name === wanted));
  const blocked = candidates.find((r) => notYetUsableReasons(r).length > 0);
  if (blocked) {
    return {
      ...base2,
      verdict: 'fail',
      message: `${query.name}: ${blocked.name} exists but is not yet usable: ${notYetUsableReasons(blocked).join('; ')}; the plan uses ${describeNode(culprit)}`,
      help: analyzeHint(blocked),
      evidence: { ...base.evidence, not_yet_usable: blocked.name },
    };
  }
  return { ...base2, verdict: 'fail', message: `${query.name}: expected ${expected}, but the plan uses ${describeNode(culprit)}`, help: expectUsesIndex.help };
}

/** The table of a named index, from the catalog or else the spec (EXPLAIN names tables without schema). */
function tableOf(input: CheckInput, name: string): string | undefined {
  return input.readiness.find((r) => r.name === name)?.table ?? input.spec.indexes.find((i) => i.name === name)?.table;
}
