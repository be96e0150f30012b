import { compact, describeNode } from '../../explain/format.js';
import type { PlanNode } from '../../explain/types.js';
import { planExcerpt } from '../excerpt.js';
import { notPlanned, queriesExpecting } from '../facts.js';
import type { Check, CheckResult } from '../types.js';

/** `max_cost`: the planner's estimated total cost of the statement. */
export const expectMaxCost: Check = {
  id: 'expect-max-cost',
  title: 'max_cost',
  help: 'Look at the costliest node (perfctl explain --query NAME): an index, a tighter condition or a LIMIT lowers it.',
  run(input) {
    return queriesExpecting(input, 'max_cost').map(({ query, outcome }): CheckResult => {
      if (!outcome.plan) return notPlanned('expect-max-cost', query, outcome);
      const max = query.expect.max_cost!;
      const cost = outcome.plan.root.cost.total;
      const base = { check: 'expect-max-cost', subject: { kind: 'query' as const, name: query.name }, pos: query.pos, evidence: { cost, max_cost: max } };
      if (cost <= max) return { ...base, verdict: 'pass', message: `${query.name}: cost ${compact(cost)} ≤ ${compact(max)}`, detail: [] };
      const culprit = costliest(outcome.plan.nodes);
      return {
        ...base,
        verdict: 'fail',
        message: `${query.name}: estimated cost ${compact(cost)} > max_cost ${compact(max)}; most of it in ${describeNode(culprit)}`,
        node: describeNode(culprit),
        detail: planExcerpt(outcome.plan, culprit.id, `cost ${compact(selfCost(culprit))} of ${compact(cost)}`),
        help: expectMaxCost.help,
      };
    });
  },
};

/** A node's own cost: its total minus its children's (an approximation: loops are not in estimates). */
function selfCost(node: PlanNode): number {
  return Math.max(0, node.cost.total - node.children.reduce((sum, c) => sum + c.cost.total, 0));
}

function costliest(nodes: PlanNode[]): PlanNode {
  return nodes.reduce((best, n) => (selfCost(n) > selfCost(best) ? n : best), nodes[0]!);
}
