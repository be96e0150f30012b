import { count, describeNode, pct, severityByTime } from '../format.js';
import { innerChild, outerChild } from '../plan-shape.js';
import { JOIN_SEQ_SCAN_KEPT_SHARE, SEQ_SCAN_MIN_ROWS } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';
import { columnsOf } from './join-filter.js';

/**
 * A hash join that reads a whole large table to match a few rows of the
 * other side: typically a foreign key with no index on the referencing
 * column, so PostgreSQL cannot look the few matching rows up.
 */
export const joinSeqScan: Rule = {
  id: 'join-seq-scan',
  summary: `hash join reading ≥ ${count(SEQ_SCAN_MIN_ROWS)} rows of a table by sequential scan to keep ≤ ${pct(JOIN_SEQ_SCAN_KEPT_SHARE)} of them`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      // Inner and left joins only: a semi or anti join keeps rows of the other side, whatever it reads here.
      const probe = node.operation === 'Hash Join' || node.operation === 'Hash Join (Left)' ? outerChild(node) : undefined;
      const hashed = node.nodeType === 'Hash Join' ? innerChild(node) : undefined;
      if (!probe || !hashed || !probe.nodeType.endsWith('Seq Scan') || !probe.relation || node.rows.total === undefined || probe.rows.total === undefined) continue;
      const read = probe.rows.total + probe.removed.filter;
      if (read < SEQ_SCAN_MIN_ROWS || node.rows.total > JOIN_SEQ_SCAN_KEPT_SHARE * read || (hashed.rows.total ?? 0) > JOIN_SEQ_SCAN_KEPT_SHARE * read) continue;
      const columns = columnsOf(node.conditions.hashCond ?? '', probe.alias ?? probe.relation);
      const index = columns.length ? `${probe.relation} (${columns.join(', ')})` : `the join columns of ${probe.relation}`;
      findings.push({
        rule: this.id,
        severity: severityByTime(probe),
        nodeId: probe.id,
        message: `${describeNode(probe)} read ${count(read)} rows for ${describeNode(node)} to keep ${count(node.rows.total)} (${pct(node.rows.total / read)})`,
        evidence: { rows_read: read, rows_joined: node.rows.total, hash_rows: hashed.rows.total ?? 0, hash_cond: node.conditions.hashCond ?? '', index_columns: columns },
        help: `Create an index on ${index} (a foreign key's referencing columns are not indexed automatically) so PostgreSQL can look up the matching rows in a nested loop.`,
      });
    }
    return findings;
  },
};
