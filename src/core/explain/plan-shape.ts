import type { AnalyzedPlan, PlanNode } from './types.js';

/**
 * Which child plays which role. PostgreSQL lists InitPlans (and CTEs) first,
 * so a node's first child is not always its input: ask Parent Relationship.
 */
export function outerChild(node: PlanNode): PlanNode | undefined {
  return node.children.find((c) => c.parentRelationship === 'Outer') ?? node.children.find((c) => !isSubplan(c));
}

export function innerChild(node: PlanNode): PlanNode | undefined {
  return node.children.find((c) => c.parentRelationship === 'Inner') ?? node.children.filter((c) => !isSubplan(c))[1];
}

export function isSubplan(node: PlanNode): boolean {
  return node.parentRelationship === 'InitPlan' || node.parentRelationship === 'SubPlan';
}

export function parentsOf(plan: AnalyzedPlan): Map<number, PlanNode> {
  const parents = new Map<number, PlanNode>();
  for (const node of plan.nodes) for (const child of node.children) parents.set(child.id, node);
  return parents;
}

/**
 * Nodes that may stop before producing every row they would: their consumer
 * had enough. Fewer rows than planned is expected there, not a misestimate:
 * - everything under a LIMIT, and under a WindowAgg whose Run Condition ended it;
 * - the inner side of a semi or anti join (one match per outer row is enough);
 * - both sides of a merge join (it ends when either side runs out);
 * - the outer side of a hash join whose hash table came out empty;
 * - SubPlans and InitPlans (EXISTS stops at the first row).
 */
export function stoppedEarly(plan: AnalyzedPlan): Set<number> {
  const ids = new Set<number>();
  const mark = (node: PlanNode | undefined) => {
    if (!node || ids.has(node.id)) return;
    ids.add(node.id);
    node.children.forEach(mark);
  };
  for (const node of plan.nodes) {
    if (isSubplan(node)) mark(node);
    if (node.nodeType === 'Limit' || (node.nodeType === 'WindowAgg' && node.conditions.runCondition)) mark(outerChild(node));
    if (/\((Semi|Anti)\)/.test(node.operation)) mark(innerChild(node));
    if (node.nodeType === 'Merge Join') {
      mark(outerChild(node));
      mark(innerChild(node));
    }
    if (node.nodeType === 'Hash Join' && innerChild(node)?.rows.actual === 0) mark(outerChild(node));
  }
  return ids;
}
