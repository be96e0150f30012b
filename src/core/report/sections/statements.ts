import { isNPlusOneSuspect } from '../checks/n-plus-one.js';
import { isPlannable, ratio, round, valueOf } from '../facts.js';
import type { StatementRow } from '../../../db/catalog/report/types.js';
import { problemOf, type Row, type Section, type SectionInput } from '../section.js';
import { groupThousands } from '../../../util/text.js';

/** slow-queries: the top statements by total time, with their share and cache behaviour. */
export function slowQueriesSection(input: SectionInput): Section {
  const { data, top, budgets } = input;
  const statements = valueOf(data.statements);
  const section: Section = { id: 'slow-queries', title: 'Slow queries', problems: problemOf(data.statements), notes: [], rows: [], findings: input.findings };
  if (!statements) return section;
  const timed = statements.rows.filter((s) => isPlannable(s.query));
  const total = timed.reduce((n, s) => n + s.totalMs, 0);
  const row = (s: StatementRow): Row => ({
    queryid: s.queryid,
    role: s.role,
    calls: s.calls,
    total_ms: round(s.totalMs, 3),
    mean_ms: round(s.meanMs, 3),
    max_ms: s.maxMs === null ? null : round(s.maxMs, 3),
    rows: s.rows,
    share_of_time: round(ratio(s.totalMs, total) ?? 0, 4),
    hit_ratio: ratio(s.sharedHit, s.sharedHit + s.sharedRead) === null ? null : round(ratio(s.sharedHit, s.sharedHit + s.sharedRead)!, 4),
    temp_blks_written: s.tempWritten,
    over_budget: s.meanMs > budgets.slow_query_ms,
    query: s.query,
  });
  section.rows = [...timed].sort((a, b) => b.totalMs - a.totalMs).slice(0, top).map(row);
  section.top_by_calls = [...timed].sort((a, b) => b.calls - a.calls || b.totalMs - a.totalMs).slice(0, top).map(row);
  section.notes.push(`pg_stat_statements ${statements.version} (schema ${statements.schema}): ${timed.length} statements in this database, counters ${input.windowText}; utility statements (BEGIN, SET, DDL) left out`);
  if (timed.some((s) => s.maxMs === null)) {
    section.notes.push("max n/a: over a window it is known only where a call of the window raised the statement's maximum (pg_stat_statements keeps one maximum since its counters began)");
  }
  if (statements.dealloc) section.notes.push(`${groupThousands(statements.dealloc)} entries were evicted since ${statements.statsReset ?? 'the last reset'}: raise pg_stat_statements.max so the figures stay complete`);
  const hidden = statements.rows.filter((s) => s.query === null).length;
  if (hidden) section.notes.push(`${hidden} statements of other roles hide their text: GRANT pg_read_all_stats TO ${input.role};`);
  return section;
}

/** n-plus-one: the suspects, ranked by the total time they cost. */
export function nPlusOneSection(input: SectionInput): Section {
  const { data, top } = input;
  const statements = valueOf(data.statements);
  const section: Section = { id: 'n-plus-one', title: 'N+1 suspects', problems: problemOf(data.statements), notes: [], rows: [], findings: input.findings };
  if (!statements) return section;
  section.rows = statements.rows
    .filter(isNPlusOneSuspect)
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, top)
    .map((s) => ({ queryid: s.queryid, calls: s.calls, mean_ms: round(s.meanMs, 4), rows_per_call: round(s.rows / s.calls, 3), total_ms: round(s.totalMs, 3), query: s.query }));
  return section;
}
