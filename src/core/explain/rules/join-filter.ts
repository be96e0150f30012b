import { count, describeNode, pct, severityByTime } from '../format.js';
import { innerChild } from '../plan-shape.js';
import { JOIN_FILTER_MIN_REMOVED, JOIN_FILTER_REMOVED_SHARE } from '../thresholds.js';
import type { Finding, PlanNode, Rule } from '../types.js';

/** Nodes between a join and the scan of its inner table. */
const WRAPPERS = new Set(['Materialize', 'Memoize', 'Hash']);

/**
 * A join testing most row pairs only to throw them away: its condition is not
 * one PostgreSQL can join on (hash, merge or an index lookup), so every pair is
 * compared. Says which columns of the inner table the condition compares.
 */
export const joinFilter: Rule = {
  id: 'join-filter',
  summary: `join whose Join Filter discards ≥ ${count(JOIN_FILTER_MIN_REMOVED)} rows and ≥ ${pct(JOIN_FILTER_REMOVED_SHARE)} of the pairs it tests`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      const removed = node.removed.joinFilter;
      const tested = removed + (node.rows.total ?? 0);
      if (!node.conditions.joinFilter || removed < JOIN_FILTER_MIN_REMOVED || removed / tested < JOIN_FILTER_REMOVED_SHARE) continue;
      const inner = scanBelow(innerChild(node));
      const columns = inner ? columnsOf(node.conditions.joinFilter, inner.alias ?? inner.relation) : [];
      const index = inner?.relation && columns.length ? `an index on ${inner.relation} (${columns.join(', ')})` : 'an index on the inner table';
      findings.push({
        rule: this.id,
        severity: severityByTime(node),
        nodeId: node.id,
        message: `${describeNode(node)} tested ${count(tested)} row pairs and its join filter discarded ${count(removed)} (${pct(removed / tested)})`,
        evidence: { rows_tested: tested, rows_removed: removed, join_filter: node.conditions.joinFilter, inner_table: inner?.relation ?? '', inner_columns: columns },
        help: `Write the join condition as a plain comparison of columns (a.x = b.y) so PostgreSQL can hash, merge or use ${index} instead of testing every pair.`,
      });
    }
    return findings;
  },
};

function scanBelow(node: PlanNode | undefined): PlanNode | undefined {
  let current = node;
  while (current && WRAPPERS.has(current.nodeType)) current = current.children[0];
  return current?.relation ? current : undefined;
}

/** Columns of `alias` a condition names ("o.customer_id"), in order. */
export function columnsOf(condition: string, alias: string | undefined): string[] {
  if (!alias) return [];
  const found = [...condition.matchAll(/(?<![\w.])(\w+)\.(\w+)/g)].filter((m) => m[1] === alias).map((m) => m[2]!);
  return [...new Set(found)];
}
