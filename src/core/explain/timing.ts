import type { PlanNode } from './types.js';

/**
 * Self time of every node, so that the selves add up to the execution time:
 * - a node's own time is its inclusive time minus its children's, except its
 *   InitPlans (CTEs included): they run inside whichever node first needs their
 *   value, and that node's time already contains them;
 * - a CTE Scan's time contains the CTE's own work (the first scan to pull a row
 *   pays for computing it): the CTE subtree's time is taken out of its scans,
 *   the busiest first, so it is counted once;
 * - an InitPlan's time is taken out of the node whose condition uses its value
 *   (the node it is attached to when no condition names it).
 */
export function computeSelfTimes(root: PlanNode, executionMs: number): void {
  const all: PlanNode[] = [];
  const visit = (node: PlanNode) => {
    all.push(node);
    node.children.forEach(visit);
    if (!node.time) return;
    const below = node.children.filter((c) => c.parentRelationship !== 'InitPlan').reduce((sum, c) => sum + (c.time?.inclusiveMs ?? 0), 0);
    node.time.selfMs = Math.max(0, node.time.inclusiveMs - below);
  };
  visit(root);
  for (const parent of all) {
    for (const init of parent.children.filter((c) => c.parentRelationship === 'InitPlan' && c.time)) {
      const cte = /^CTE (.+)$/.exec(init.subplanName ?? '')?.[1];
      if (cte) takeFromCteScans(all.filter((n) => n.nodeType === 'CTE Scan' && n.cte === cte), init.time!.inclusiveMs);
      else take(consumerOf(parent, init), init.time!.inclusiveMs);
    }
  }
  for (const node of all) {
    if (!node.time) continue;
    node.time.selfShare = executionMs > 0 ? Math.min(1, node.time.selfMs / executionMs) : 0;
    node.time.inclusiveShare = executionMs > 0 ? Math.min(1, node.time.inclusiveMs / executionMs) : 0;
  }
}

function takeFromCteScans(scans: PlanNode[], cteMs: number): void {
  let remaining = cteMs;
  for (const scan of [...scans].sort((a, b) => (b.time?.inclusiveMs ?? 0) - (a.time?.inclusiveMs ?? 0))) remaining -= take(scan, remaining);
}

function take(node: PlanNode, ms: number): number {
  if (!node.time) return 0;
  const taken = Math.min(node.time.selfMs, ms);
  node.time.selfMs -= taken;
  return taken;
}

/** The deepest node under `parent` (outside other InitPlans) whose conditions name the InitPlan: "(InitPlan 1).col1" (17+) or "$0" (before). */
function consumerOf(parent: PlanNode, init: PlanNode): PlanNode {
  const name = init.subplanName ?? '';
  const params = (/\(returns (.*)\)/.exec(name)?.[1] ?? '').split(',').map((p) => p.trim()).filter((p) => p.startsWith('$'));
  const label = /^InitPlan \d+/.exec(name)?.[0];
  const uses = (node: PlanNode) =>
    Object.values(node.conditions).some((text) => text && ((label && text.includes(`(${label})`)) || params.some((p) => new RegExp(`\\${p}(?!\\d)`).test(text))));
  let best: PlanNode = parent;
  const search = (node: PlanNode) => {
    if (node !== parent && uses(node) && node.depth > best.depth) best = node;
    for (const child of node.children) if (child.parentRelationship !== 'InitPlan') search(child);
  };
  search(parent);
  return best;
}
