import { count } from '../explain/format.js';
import type { AnalyzedPlan, PlanNode, TableStats } from '../explain/types.js';
import type { CheckInput, CheckResult, IndexReadiness, QueryOutcome } from './types.js';
import type { QuerySpec } from '../../spec/types.js';

/** Small questions the checks ask of plans and the catalog, answered one way for all of them. */

export function indexNodes(plan: AnalyzedPlan): PlanNode[] {
  return plan.nodes.filter((n) => n.index !== undefined);
}

export function indexesUsed(plan: AnalyzedPlan): string[] {
  return [...new Set(indexNodes(plan).map((n) => n.index!))].sort();
}

/** Parallel Seq Scan has node type "Seq Scan" too. */
export function seqScans(plan: AnalyzedPlan): PlanNode[] {
  return plan.nodes.filter((n) => n.nodeType === 'Seq Scan');
}

/** Rows in a table as the statistics know them; EXPLAIN names relations without their schema. */
export function tableRows(tables: TableStats[], relation: string): number | undefined {
  const stats = tables.find((t) => t.name === relation);
  return stats ? Math.max(stats.reltuples, stats.liveTuples, 0) : undefined;
}

export function rows(n: number): string {
  return `${count(n)} row${n === 1 ? '' : 's'}`;
}

/** The outcome of each spec query carrying an expectation `key`, with its spec entry. */
export function queriesExpecting(input: CheckInput, key: keyof QuerySpec['expect']): Array<{ query: QuerySpec; outcome: QueryOutcome }> {
  return input.spec.queries.flatMap((query, i) => (query.expect[key] === undefined || query.expect[key] === false ? [] : [{ query, outcome: input.queries[i]! }]));
}

/** The result for a query that could not be planned: each expectation says so once, as a skip. */
export function notPlanned(check: string, query: QuerySpec, outcome: QueryOutcome): CheckResult {
  return {
    check,
    subject: { kind: 'query', name: query.name },
    verdict: 'skip',
    message: `not judged: the query could not be planned (${outcome.error?.code ?? 'error'})`,
    detail: [],
    pos: query.pos,
    evidence: {},
  };
}

/** Why an index that exists may still be ignored by the planner, in words; empty when nothing is known against it. */
export function notYetUsableReasons(r: IndexReadiness | undefined): string[] {
  if (!r) return [];
  const reasons: string[] = [];
  if (r.checkXmin) reasons.push('it was built while older transactions were open (indcheckxmin): those and older snapshots cannot use it yet');
  if (r.expressionWithoutStats) reasons.push('PostgreSQL has no statistics for its expression yet');
  if (r.tableNeverAnalyzed) reasons.push(`${r.schema}.${r.table} has never been analysed`);
  return reasons;
}

export function analyzeHint(r: IndexReadiness): string {
  return `Run ANALYZE ${quote(r.schema)}.${quote(r.table)} (and let old transactions finish), then check again.`;
}

function quote(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
