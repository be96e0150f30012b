import { count, describeNode, pct, severityByTime } from '../format.js';
import { INDEX_FILTER_MIN_REMOVED, INDEX_FILTER_REMOVED_SHARE } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

const INDEX_SCANS = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Heap Scan']);

/** An index that finds many rows the filter then throws away: the index does not cover the condition. */
export const inefficientIndex: Rule = {
  id: 'inefficient-index',
  summary: `index scan whose filter removes ≥ ${pct(INDEX_FILTER_REMOVED_SHARE)} of the rows it fetched`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      if (!INDEX_SCANS.has(node.nodeType) || node.rows.total === undefined) continue;
      const removed = node.removed.filter;
      const fetched = node.rows.total + removed;
      if (removed < INDEX_FILTER_MIN_REMOVED || removed / fetched < INDEX_FILTER_REMOVED_SHARE) continue;
      const columns = [...(node.filterColumns?.equality ?? []), ...(node.filterColumns?.other ?? [])];
      // A bitmap heap scan names no index itself: its Bitmap Index Scan children do.
      const index = (node.index ?? node.children.map((c) => c.index).filter(Boolean).join(', ')) || 'the index';
      findings.push({
        rule: this.id,
        severity: severityByTime(node),
        nodeId: node.id,
        message: `${describeNode(node)} fetched ${count(fetched)} rows and its filter removed ${count(removed)} (${pct(removed / fetched)})`,
        evidence: { rows_fetched: fetched, rows_removed: removed, filter: node.conditions.filter ?? '', index_cond: node.conditions.indexCond ?? node.conditions.recheckCond ?? '', filter_columns: columns },
        help: columns.length
          ? `Add ${columns.join(', ')} to ${index} (or create an index that includes them) so the condition is checked in the index, not on each fetched row.`
          : `Extend ${index} with the filtered columns so the condition is checked in the index, not on each fetched row.`,
      });
    }
    return findings;
  },
};
