import { compact, count, describeNode, ms } from '../explain/format.js';
import type { AnalyzedPlan, PlanNode } from '../explain/types.js';

/**
 * The part of a plan a failure is about: the path from the root down to the
 * node, the node's conditions, and its direct children. Plain text (no
 * colour), so the same lines go to the terminal, --json and JUnit.
 */
export function planExcerpt(plan: AnalyzedPlan, nodeId: number, mark: string): string[] {
  const node = plan.nodes[nodeId];
  if (!node) return [];
  const path = ancestors(plan, node);
  const lines: string[] = [];
  path.forEach((n, i) => lines.push(`${indent(i)}${nodeLine(n)}`));
  const depth = path.length;
  lines.push(`${indent(depth)}${nodeLine(node)}  ◀ ${mark}`);
  const pad = `${' '.repeat(depth * 3)}${node.children.length ? '│  ' : '   '}`;
  for (const [name, text] of conditions(node)) lines.push(`${pad}${name}: ${text}`);
  node.children.forEach((child) => lines.push(`${indent(depth + 1)}${nodeLine(child)}${child.children.length ? ' …' : ''}`));
  return lines;
}

/** The whole plan, one line per node: for short plans with no single culprit (cost over budget). */
export function planOutline(plan: AnalyzedPlan, maxLines = 12): string[] {
  const lines = plan.nodes.slice(0, maxLines).map((n) => `${indent(n.depth)}${nodeLine(n)}`);
  if (plan.nodes.length > maxLines) lines.push(`… ${plan.nodes.length - maxLines} more nodes`);
  return lines;
}

export function nodeLine(node: PlanNode): string {
  const rows = node.rows.actual !== undefined ? `rows ${count(node.rows.total ?? node.rows.actual)} (est ${count(node.rows.planned)})` : `est ${count(node.rows.planned)} rows`;
  const time = node.time ? ` · ${ms(node.time.inclusiveMs)}` : '';
  return `${describeNode(node)}  cost ${compact(node.cost.startup)}..${compact(node.cost.total)} · ${rows}${time}`;
}

function ancestors(plan: AnalyzedPlan, node: PlanNode): PlanNode[] {
  const path: PlanNode[] = [];
  let depth = node.depth;
  // Pre-order: a node's parent is the nearest earlier node one level up.
  for (let i = node.id - 1; i >= 0 && depth > 0; i--) {
    const candidate = plan.nodes[i]!;
    if (candidate.depth === depth - 1) {
      path.unshift(candidate);
      depth--;
    }
  }
  return path;
}

function indent(depth: number): string {
  return depth === 0 ? '' : `${' '.repeat((depth - 1) * 3)}└─ `;
}

function conditions(node: PlanNode): Array<[string, string]> {
  const c = node.conditions;
  const out: Array<[string, string]> = [];
  if (c.indexCond) out.push(['index cond', c.indexCond]);
  if (c.recheckCond && !c.indexCond) out.push(['recheck cond', c.recheckCond]);
  if (c.filter) out.push(['filter', c.filter]);
  if (c.joinFilter) out.push(['join filter', c.joinFilter]);
  if (node.removed.filter) out.push(['rows removed by filter', count(node.removed.filter)]);
  return out;
}
