import { describeNode } from './format.js';
import type { AnalyzedPlan } from './types.js';

/** How the plan reaches its tables, e.g. "Index Scan using idx_users_email on users". */
export function accessSummary(plan: AnalyzedPlan): string {
  const scans = plan.nodes.filter((n) => n.relation || n.index);
  return scans.length === 0 ? plan.root.operation : scans.map(describeNode).join(' + ');
}
