import { rules as allRules } from './rules/index.js';
import type { Finding, PlanContext, Rule, Severity } from './types.js';

const RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Run every rule and order the findings: most severe first, then by the time spent in the node concerned. */
export function findings(ctx: PlanContext, rules: Rule[] = allRules): Finding[] {
  const order = new Map(rules.map((r, i) => [r.id, i]));
  const share = (f: Finding) => (f.nodeId === undefined ? 0 : ctx.plan.nodes[f.nodeId]?.time?.inclusiveShare ?? 0);
  return rules
    .flatMap((rule) => rule.check(ctx))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || share(b) - share(a) || order.get(a.rule)! - order.get(b.rule)!);
}
