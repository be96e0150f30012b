import { count, describeNode, factor } from '../format.js';
import { parentsOf, stoppedEarly } from '../plan-shape.js';
import { JOIN_FILTER_MIN_REMOVED, JOIN_FILTER_REMOVED_SHARE, MISESTIMATE_FACTORS, MISESTIMATE_MIN_ROWS, MISESTIMATE_MIN_ROWS_OVER } from '../thresholds.js';
import type { Finding, PlanNode, Rule, Severity } from '../types.js';

/** Nodes that pass rows on without a plan choice resting on their count: an estimate feeding only these misled nobody. */
const PASS_THROUGH = new Set(['Limit', 'Gather', 'Gather Merge', 'Sort', 'Incremental Sort', 'Result', 'LockRows', 'ModifyTable', 'Materialize', 'Unique']);
/** BitmapAnd/BitmapOr report 0 rows whatever their bitmap holds. */
const NO_ROW_COUNT = new Set(['BitmapAnd', 'BitmapOr']);

/**
 * Row estimates off by 10× or more, per loop on both sides. Errors propagate
 * upwards, so only the nodes where an error starts (children estimated within
 * 10×) are reported; fewer rows than planned on a node that stopped early, or
 * on an Append whose partitions were pruned at run time, is not an error.
 */
export const misestimate: Rule = {
  id: 'misestimate',
  summary: `row estimate off by ≥ ${MISESTIMATE_FACTORS.low}× (where the error starts)`,
  check({ plan }) {
    const findings: Finding[] = [];
    const early = stoppedEarly(plan);
    const parents = parentsOf(plan);
    const excused = (node: PlanNode) =>
      node.rows.misestimate?.direction === 'over' &&
      (early.has(node.id) || node.nodeType === 'Limit' || (node.nodeType === 'WindowAgg' && node.conditions.runCondition !== undefined) || (node.subplansRemoved ?? 0) > 0 || joinFilterDiscards(node) || node.children.some((c) => c.neverExecuted));
    const decisive = (node: PlanNode) => {
      for (let p = parents.get(node.id); p; p = parents.get(p.id)) if (!PASS_THROUGH.has(p.nodeType)) return true;
      return false;
    };
    for (const node of plan.nodes) {
      const m = node.rows.misestimate;
      if (!m || !isOff(node) || excused(node) || !decisive(node) || node.children.some((c) => isOff(c) && !excused(c))) continue;
      const severity: Severity = m.factor >= MISESTIMATE_FACTORS.high ? 'high' : m.factor >= MISESTIMATE_FACTORS.medium ? 'medium' : 'low';
      const direction = m.direction === 'under' ? 'under-estimated' : 'over-estimated';
      findings.push({
        rule: this.id,
        severity,
        nodeId: node.id,
        message: `${describeNode(node)}: ${direction} ${factor(m.factor)} (planned ${count(node.rows.planned)} rows, got ${count(node.rows.actual!)}${(node.rows.loops ?? 1) > 1 ? ' per loop' : ''})`,
        evidence: { planned_rows: node.rows.planned, actual_rows: node.rows.actual!, loops: node.rows.loops ?? 1, factor: round(m.factor), direction: m.direction },
        help: node.relation
          ? `ANALYZE ${node.relation}; if it persists, raise its statistics target or add extended statistics (CREATE STATISTICS) on the correlated columns.`
          : 'Check the estimates of the inputs of this node; correlated conditions need extended statistics (CREATE STATISTICS).',
      });
    }
    return findings;
  },
};

/** A join whose filter threw most pairs away: join-filter reports it, and its estimate is only as good as the filter's guess. */
function joinFilterDiscards(node: PlanNode): boolean {
  return node.removed.joinFilter >= JOIN_FILTER_MIN_REMOVED && node.removed.joinFilter >= JOIN_FILTER_REMOVED_SHARE * (node.removed.joinFilter + (node.rows.total ?? 0));
}

function isOff(node: PlanNode): boolean {
  const m = node.rows.misestimate;
  if (!m || node.neverExecuted || NO_ROW_COUNT.has(node.nodeType) || m.factor < MISESTIMATE_FACTORS.low) return false;
  return Math.max(node.rows.planned, node.rows.actual ?? 0) >= (m.direction === 'over' ? MISESTIMATE_MIN_ROWS_OVER : MISESTIMATE_MIN_ROWS);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
