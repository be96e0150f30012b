import { ms } from '../format.js';
import { PLANNING_MIN_MS } from '../thresholds.js';
import type { Rule } from '../types.js';

/** Planning slower than running: the query is cheap but the planner has too many choices. */
export const planningDominates: Rule = {
  id: 'planning-dominates',
  summary: `planning ≥ ${ms(PLANNING_MIN_MS)} and slower than execution`,
  check({ plan }) {
    const { planningMs, executionMs } = plan.summary;
    if (planningMs === undefined || executionMs === undefined || planningMs < PLANNING_MIN_MS || planningMs <= executionMs) return [];
    return [
      {
        rule: this.id,
        severity: planningMs >= 4 * executionMs ? 'high' : 'medium',
        message: `planning took ${ms(planningMs)}, execution ${ms(executionMs)}`,
        evidence: { planning_ms: planningMs, execution_ms: executionMs, nodes: plan.nodes.length },
        help: 'Use a prepared statement so the plan is reused, and check for many joins (join_collapse_limit), partitions that are not pruned, or many indexes on the tables.',
      },
    ];
  },
};
