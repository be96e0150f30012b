import { count, describeNode, severityByTime } from '../format.js';
import { outerChild } from '../plan-shape.js';
import { SORT_LIMIT_MIN_ROWS } from '../thresholds.js';
import type { Finding, PlanNode, Rule } from '../types.js';

/** Nodes a LIMIT's input may pass through on the way to the sort without changing the order. */
const PASS_THROUGH = new Set(['Gather Merge', 'Result', 'Subquery Scan']);
/** A sort key an index can hold: a column, optionally qualified by the scanned table, with its direction. */
const COLUMN_KEY = /^(?:(\w+|"[^"]+")\.)?(\w+|"[^"]+")( DESC| ASC)?( NULLS (?:FIRST|LAST))?$/;

/**
 * A LIMIT over a full sort of a large table scan: an index in that order
 * returns the first rows without sorting. Only when every key is a column of
 * the scanned table: a sort on an aggregate or on a join's output has no index to use.
 */
export const noIndexOnSort: Rule = {
  id: 'no-index-on-sort',
  summary: `LIMIT over a sort of ≥ ${count(SORT_LIMIT_MIN_ROWS)} rows of one table that an index could return in order`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      if (node.nodeType !== 'Limit') continue;
      const sort = findSort(outerChild(node));
      const input = sort && outerChild(sort);
      // An incremental sort already uses an index for its leading keys.
      if (!sort?.sort || sort.nodeType !== 'Sort' || !input?.relation || !/Scan$/.test(input.nodeType)) continue;
      const rows = input.rows.total ?? input.rows.planned;
      if (rows < SORT_LIMIT_MIN_ROWS) continue;
      const keys = sort.sort.keys.map((k) => COLUMN_KEY.exec(k));
      const qualifiers = new Set([input.alias, input.relation]);
      if (keys.some((k) => !k || (k[1] !== undefined && !qualifiers.has(k[1])))) continue;
      const columns = keys.map((k) => `${k![2]}${k![3] ?? ''}${k![4] ?? ''}`);
      findings.push({
        rule: this.id,
        severity: severityByTime(sort),
        nodeId: sort.id,
        message: `${describeNode(sort)} sorted ${count(rows)} rows of ${describeNode(input)} to return the first ${count(node.rows.total ?? node.rows.planned)}`,
        evidence: { rows_sorted: rows, sort_keys: sort.sort.keys, limit_rows: node.rows.total ?? node.rows.planned },
        help: `Create an index on ${input.relation} (${columns.join(', ')}) (after any equality-filtered columns) so the LIMIT stops after the first rows.`,
      });
    }
    return findings;
  },
};

function findSort(node: PlanNode | undefined): PlanNode | undefined {
  let current = node;
  while (current && PASS_THROUGH.has(current.nodeType)) current = outerChild(current);
  return current?.sort && current.nodeType.endsWith('Sort') ? current : undefined;
}
