import { count, describeNode, ms, pct, severityByTime } from '../format.js';
import { JOIN_FILTER_MIN_REMOVED, JOIN_FILTER_REMOVED_SHARE, NESTED_LOOP_MIN_LOOPS, NESTED_LOOP_MIN_SHARE } from '../thresholds.js';
import { innerChild, outerChild } from '../plan-shape.js';
import type { Finding, Rule } from '../types.js';

/** A nested loop whose inner side ran very many times: usually an under-estimated outer side. */
export const nestedLoopMany: Rule = {
  id: 'nested-loop-many',
  summary: `nested loop whose inner side ran ≥ ${count(NESTED_LOOP_MIN_LOOPS)} times and took ≥ ${pct(NESTED_LOOP_MIN_SHARE)} of the time`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      if (node.nodeType !== 'Nested Loop') continue;
      const outer = outerChild(node);
      const inner = innerChild(node);
      const loops = inner?.rows.loops ?? 0;
      if (!outer || !inner || loops < NESTED_LOOP_MIN_LOOPS || (inner.time?.inclusiveShare ?? 0) < NESTED_LOOP_MIN_SHARE) continue;
      // A join filter discarding most pairs is the cause, and join-filter says so.
      if (node.removed.joinFilter >= JOIN_FILTER_MIN_REMOVED && node.removed.joinFilter >= JOIN_FILTER_REMOVED_SHARE * (node.removed.joinFilter + (node.rows.total ?? 0))) continue;
      // The estimate is per loop of the outer side: compare it with the actual rows of all its loops.
      const outerPlanned = outer.rows.planned * (outer.rows.loops ?? 1);
      const outerActual = outer.rows.total ?? 0;
      findings.push({
        rule: this.id,
        severity: severityByTime(inner),
        nodeId: inner.id,
        message: `${describeNode(inner)} ran ${count(loops)} times inside ${describeNode(node)}, ${ms(inner.time!.inclusiveMs)} in all (outer side planned ${count(outerPlanned)} rows, got ${count(outerActual)})`,
        evidence: { loops, inner_ms: Math.round(inner.time!.inclusiveMs * 1000) / 1000, outer_planned_rows: outerPlanned, outer_actual_rows: outerActual },
        help:
          outerPlanned * 10 <= outerActual
            ? `Fix the outer side's row estimate (ANALYZE, extended statistics) so the planner can choose a hash or merge join.`
            : `Join set-wise instead: make sure the join columns are indexed on both sides, or reduce the outer rows before joining.`,
      });
    }
    return findings;
  },
};
