import { count, describeNode, pct, severityByTime } from '../format.js';
import { SEQ_SCAN_MIN_ROWS, SEQ_SCAN_REMOVED_SHARE } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/** A sequential scan reading a large table to keep a small part of it: the classic missing index. */
export const seqScanFilter: Rule = {
  id: 'seq-scan-filter',
  summary: `sequential scan reading ≥ ${count(SEQ_SCAN_MIN_ROWS)} rows and discarding ≥ ${pct(SEQ_SCAN_REMOVED_SHARE)} of them`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      if (!node.nodeType.endsWith('Seq Scan') || node.rows.total === undefined || !node.relation) continue;
      const read = node.rows.total + node.removed.filter;
      if (read < SEQ_SCAN_MIN_ROWS || node.removed.filter / read < SEQ_SCAN_REMOVED_SHARE) continue;
      const columns = [...(node.filterColumns?.equality ?? []), ...(node.filterColumns?.other ?? [])];
      const target = columns.length > 0 ? `an index on ${node.relation} (${columns.join(', ')})` : `an index on the filtered columns of ${node.relation}`;
      findings.push({
        rule: this.id,
        severity: severityByTime(node),
        nodeId: node.id,
        message: `${describeNode(node)} read ${count(read)} rows to keep ${count(node.rows.total)} (${pct(node.removed.filter / read)} discarded by the filter)`,
        evidence: { rows_read: read, rows_kept: node.rows.total, rows_removed: node.removed.filter, filter: node.conditions.filter ?? '', index_columns: columns },
        help: `Create ${target}${columns.length > 1 ? ', equality columns first,' : ''} so PostgreSQL reads only the matching rows.`,
      });
    }
    return findings;
  },
};
