import type { QueryOutcome } from '../check/types.js';
import { indexesUsed, seqScans } from '../check/facts.js';
import { groupThousands } from '../../util/text.js';

/** A statement of pg_stat_statements written as a sample query. */
export interface SampleQuery {
  name: string;
  sql: string;
  /** It reads through an index today, with no sequential scan, so check should keep it that way. */
  noSeqScan: boolean;
  /** Its plan reads through an index (what budgets.index_coverage counts). */
  usesIndex: boolean;
  /** One line on where it came from and what it does today. */
  note: string;
}

export interface TopStatement {
  sql: string;
  calls: number;
  totalMs: number;
  meanMs: number;
}

/**
 * The first `limit` statements (by total time) whose plan reads one of the
 * chosen tables: written without params (their plan is the generic one), and
 * expected to stay off sequential scans when they use an index today.
 */
export function pickSampleQueries(statements: TopStatement[], outcomes: QueryOutcome[], tableNames: Set<string>, limit: number): SampleQuery[] {
  const picked: SampleQuery[] = [];
  statements.forEach((statement, i) => {
    const plan = outcomes[i]?.plan;
    if (!plan || picked.length >= limit) return;
    const relations = [...new Set(plan.nodes.flatMap((n) => (n.relation ? [n.relation] : [])))];
    if (!relations.some((r) => tableNames.has(r))) return;
    const used = indexesUsed(plan);
    const noSeqScan = used.length > 0 && seqScans(plan).length === 0;
    const today = noSeqScan ? `uses ${used.join(', ')}` : used.length ? `uses ${used.join(', ')} and a sequential scan` : 'a sequential scan, no index';
    picked.push({
      name: queryName(relations[0]!, picked.length + 1),
      sql: statement.sql.trim(),
      noSeqScan,
      usesIndex: used.length > 0,
      note: `${groupThousands(statement.calls)} call${statement.calls === 1 ? '' : 's'}, ${ms(statement.meanMs)} mean, ${ms(statement.totalMs)} in all; today: ${today}`,
    });
  });
  return picked;
}

function queryName(relation: string, rank: number): string {
  const base = relation.replace(/[^\p{L}\p{N}_]+/gu, '_').replace(/^_+|_+$/g, '').toLowerCase().slice(0, 40) || 'query';
  return `top${rank}_${base}`;
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 2 : 0)} ms`;
}

/** The share of sample queries that use an index today, rounded down: the coverage budget the written spec passes. */
export function coverageToday(queries: SampleQuery[]): number | undefined {
  if (queries.length === 0) return undefined;
  return Math.floor((queries.filter((q) => q.usesIndex).length / queries.length) * 100) / 100;
}
