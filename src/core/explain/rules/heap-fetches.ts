import { count, describeNode, pct, severityByTime } from '../format.js';
import { HEAP_FETCH_MIN, HEAP_FETCH_SHARE } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/** An index-only scan that still visits the table, because the visibility map is out of date. */
export const heapFetches: Rule = {
  id: 'heap-fetches',
  summary: `index-only scan visiting the heap for ≥ ${pct(HEAP_FETCH_SHARE)} of its rows`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      if (node.nodeType !== 'Index Only Scan' || node.heapFetches === undefined || node.rows.total === undefined) continue;
      const share = node.heapFetches / Math.max(node.rows.total, 1);
      if (node.heapFetches < HEAP_FETCH_MIN || share < HEAP_FETCH_SHARE) continue;
      findings.push({
        rule: this.id,
        severity: severityByTime(node),
        nodeId: node.id,
        message: `${describeNode(node)} fetched ${count(node.heapFetches)} rows from the table for ${count(node.rows.total)} returned`,
        evidence: { heap_fetches: node.heapFetches, rows: node.rows.total },
        help: `VACUUM ${node.relation ?? 'the table'} to update its visibility map; if it recurs, make autovacuum visit it more often (autovacuum_vacuum_scale_factor).`,
      });
    }
    return findings;
  },
};
