import { count, describeNode, pct, severityByTime } from '../format.js';
import { parentsOf, stoppedEarly } from '../plan-shape.js';
import { SEQ_SCAN_MIN_ROWS, SEQ_SCAN_REMOVED_SHARE } from '../thresholds.js';
import type { ConditionColumns, Finding, PlanNode, Rule } from '../types.js';

/**
 * A sequential scan reading a large table to keep a small part of it: the
 * classic missing index. The partitions of one table scanned under the same
 * Append count together (each may be small; together they read the table),
 * and the advice names the index that can serve the filter as written.
 */
export const seqScanFilter: Rule = {
  id: 'seq-scan-filter',
  summary: `sequential scan reading ≥ ${count(SEQ_SCAN_MIN_ROWS)} rows and discarding ≥ ${pct(SEQ_SCAN_REMOVED_SHARE)} of them`,
  check({ plan }) {
    const early = stoppedEarly(plan);
    const parents = parentsOf(plan);
    const groups = new Map<string, PlanNode[]>();
    for (const node of plan.nodes) {
      if (!node.nodeType.endsWith('Seq Scan') || node.rows.total === undefined || !node.relation || !node.conditions.filter) continue;
      // A scan that stops at its first match (EXISTS, LIMIT) is judged by one run, not by all its loops.
      const read = node.rows.total + node.removed.filter;
      if (early.has(node.id) && read / Math.max(node.rows.loops ?? 1, 1) < SEQ_SCAN_MIN_ROWS) continue;
      const parent = parents.get(node.id);
      const key = parent && /Append$/.test(parent.nodeType) ? `${parent.id}:${node.conditions.filter}` : `node:${node.id}`;
      groups.set(key, [...(groups.get(key) ?? []), node]);
    }
    const findings: Finding[] = [];
    for (const scans of groups.values()) {
      const kept = sum(scans, (n) => n.rows.total ?? 0);
      const removed = sum(scans, (n) => n.removed.filter);
      const read = kept + removed;
      if (read < SEQ_SCAN_MIN_ROWS || removed / read < SEQ_SCAN_REMOVED_SHARE) continue;
      const node = scans.reduce((a, b) => ((b.time?.inclusiveMs ?? 0) > (a.time?.inclusiveMs ?? 0) ? b : a));
      const names = scans.map((s) => s.relation);
      const what = scans.length > 1 ? `${scans.length} partitions (${names.length > 3 ? `${names.slice(0, 3).join(', ')}…` : names.join(', ')})` : describeNode(node);
      const advice = indexAdvice(scans.length > 1 ? 'each partition' : node.relation!, node.filterColumns);
      findings.push({
        rule: this.id,
        severity: severityByTime(scans.length > 1 ? parents.get(node.id)! : node),
        nodeId: scans.length > 1 ? parents.get(node.id)!.id : node.id,
        message: `${what} read ${count(read)} rows to keep ${count(kept)} (${pct(removed / read)} discarded by the filter)`,
        evidence: { rows_read: read, rows_kept: kept, rows_removed: removed, filter: node.conditions.filter ?? '', index_columns: advice.columns, index_kind: advice.kind, scans: scans.length },
        help: advice.help,
      });
    }
    return findings;
  },
};

function sum(nodes: PlanNode[], of: (n: PlanNode) => number): number {
  return nodes.reduce((s, n) => s + of(n), 0);
}

/** The index that serves the filter as PostgreSQL printed it: btree for =, ranges and prefixes; trigram GIN for patterns; none for the rest. */
export function indexAdvice(table: string, columns: ConditionColumns | undefined): { kind: string; columns: string[]; help: string } {
  if (!columns) return { kind: 'unknown', columns: [], help: `Look for an index that serves the filter on ${table}; perfctl could not read the condition to name one.` };
  const btree = [...columns.equality, ...columns.expressions.map((e) => `(${e})`), ...columns.other];
  if (btree.length > 0) {
    return { kind: 'btree', columns: btree, help: `Create an index on ${table} (${btree.join(', ')})${btree.length > 1 ? ', equality columns first,' : ''} so PostgreSQL reads only the matching rows.` };
  }
  if (columns.trigram.length > 0) {
    const target = columns.trigram[0]!;
    return {
      kind: 'gin_trgm',
      columns: columns.trigram,
      help: `A btree cannot serve this pattern match; a trigram index can: CREATE EXTENSION pg_trgm, then an index on ${table} USING gin (${target} gin_trgm_ops).`,
    };
  }
  const why = columns.unindexable.length ? ` (${columns.unindexable.join(', ')})` : '';
  return { kind: 'none', columns: [], help: `No index serves this filter as written${why}: rewrite it as a comparison of a column with a value, or keep fewer rows in ${table}.` };
}
