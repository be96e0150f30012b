import { count, describeNode, factor } from '../format.js';
import { MISESTIMATE_FACTORS, MISESTIMATE_MIN_ROWS } from '../thresholds.js';
import type { Finding, PlanNode, Rule, Severity } from '../types.js';

/**
 * Row estimates off by 10× or more. Errors propagate upwards, so only the
 * nodes where an error starts (children estimated within 10×) are reported.
 */
export const misestimate: Rule = {
  id: 'misestimate',
  summary: `row estimate off by ≥ ${MISESTIMATE_FACTORS.low}× (where the error starts)`,
  check({ plan }) {
    const findings: Finding[] = [];
    const stopsEarly = nodesStoppedEarly(plan.root);
    for (const node of plan.nodes) {
      const m = node.rows.misestimate;
      if (!m || !isOff(node) || node.children.some(isOff)) continue;
      if (m.direction === 'over' && stopsEarly.has(node.id)) continue;
      const severity: Severity = m.factor >= MISESTIMATE_FACTORS.high ? 'high' : m.factor >= MISESTIMATE_FACTORS.medium ? 'medium' : 'low';
      const direction = m.direction === 'under' ? 'under-estimated' : 'over-estimated';
      findings.push({
        rule: this.id,
        severity,
        nodeId: node.id,
        message: `${describeNode(node)}: ${direction} ${factor(m.factor)} (planned ${count(node.rows.planned)} rows, got ${count(node.rows.actual!)} per loop)`,
        evidence: { planned_rows: node.rows.planned, actual_rows: node.rows.actual!, factor: round(m.factor), direction: m.direction },
        help: node.relation
          ? `ANALYZE ${node.relation}; if it persists, raise its statistics target or add extended statistics (CREATE STATISTICS) on the correlated columns.`
          : 'Check the estimates of the inputs of this node; correlated conditions need extended statistics (CREATE STATISTICS).',
      });
    }
    return findings;
  },
};

/**
 * Nodes below a LIMIT, or on the inner side of a semi/anti join, stop once
 * their consumer has enough rows: fewer actual rows than planned is expected there.
 */
function nodesStoppedEarly(root: PlanNode): Set<number> {
  const ids = new Set<number>();
  const visit = (node: PlanNode, early: boolean) => {
    if (early) ids.add(node.id);
    const limit = node.nodeType === 'Limit';
    const semi = /\((Semi|Anti)\)/.test(node.operation);
    node.children.forEach((child, i) => visit(child, early || limit || (semi && i === 1)));
  };
  visit(root, false);
  return ids;
}

function isOff(node: PlanNode): boolean {
  const m = node.rows.misestimate;
  if (!m || node.neverExecuted || m.factor < MISESTIMATE_FACTORS.low) return false;
  return Math.max(node.rows.planned, node.rows.actual ?? 0) >= MISESTIMATE_MIN_ROWS;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
