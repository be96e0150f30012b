import { count, describeNode, severityByTime } from '../format.js';
import { LARGE_OFFSET_MIN_ROWS } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';
import { outerChild } from '../plan-shape.js';

/** OFFSET reads every skipped row and throws it away; the cost grows with the page number. */
export const largeOffset: Rule = {
  id: 'large-offset',
  summary: `OFFSET reading and discarding ≥ ${count(LARGE_OFFSET_MIN_ROWS)} rows`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      const input = node.nodeType === 'Limit' ? outerChild(node) : undefined;
      if (node.nodeType !== 'Limit' || node.rows.total === undefined || input?.rows.total === undefined) continue;
      const skipped = input.rows.total - node.rows.total;
      if (skipped < LARGE_OFFSET_MIN_ROWS) continue;
      findings.push({
        rule: this.id,
        severity: severityByTime(node),
        nodeId: node.id,
        message: `${describeNode(node)} read ${count(input.rows.total)} rows to return ${count(node.rows.total)}: OFFSET skipped ${count(skipped)}`,
        evidence: { rows_skipped: skipped, rows_returned: node.rows.total },
        help: 'Use keyset pagination: remember the last sort key of a page and ask for WHERE key > $last ORDER BY key LIMIT n.',
      });
    }
    return findings;
  },
};
