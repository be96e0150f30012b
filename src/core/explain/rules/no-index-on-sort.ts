import { count, describeNode, severityByTime } from '../format.js';
import { SORT_LIMIT_MIN_ROWS } from '../thresholds.js';
import type { Finding, PlanNode, Rule } from '../types.js';

/** Nodes a LIMIT's input may pass through on the way to the sort without changing the order. */
const PASS_THROUGH = new Set(['Gather Merge', 'Result', 'Subquery Scan']);

/** A LIMIT over a full sort of a large input: an index in that order returns the first rows without sorting. */
export const noIndexOnSort: Rule = {
  id: 'no-index-on-sort',
  summary: `LIMIT over a sort of ≥ ${count(SORT_LIMIT_MIN_ROWS)} rows that an index could return in order`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      if (node.nodeType !== 'Limit') continue;
      const sort = findSort(node.children[0]);
      const input = sort?.children[0];
      if (!sort?.sort || !input) continue;
      // An incremental sort already uses an index for its leading keys.
      if (sort.nodeType !== 'Sort') continue;
      const rows = input.rows.total ?? input.rows.planned;
      if (rows < SORT_LIMIT_MIN_ROWS) continue;
      const table = input.relation ?? 'the table';
      findings.push({
        rule: this.id,
        severity: severityByTime(sort),
        nodeId: sort.id,
        message: `${describeNode(sort)} sorted ${count(rows)} rows of ${describeNode(input)} to return the first ${count(node.rows.total ?? node.rows.planned)}`,
        evidence: { rows_sorted: rows, sort_keys: sort.sort.keys, limit_rows: node.rows.total ?? node.rows.planned },
        help: `Create an index on ${table} (${sort.sort.keys.join(', ')}) (after any equality-filtered columns) so the LIMIT stops after the first rows.`,
      });
    }
    return findings;
  },
};

function findSort(node: PlanNode | undefined): PlanNode | undefined {
  let current = node;
  while (current && PASS_THROUGH.has(current.nodeType)) current = current.children[0];
  return current?.sort && current.nodeType.endsWith('Sort') ? current : undefined;
}
