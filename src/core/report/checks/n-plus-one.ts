import type { StatementRow } from '../../../db/catalog/report/types.js';
import { formatDuration, groupThousands } from '../../../util/text.js';
import { leadingKeyword, round, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';

const T = THRESHOLDS.nPlusOne;

/** The signature of a loop issuing one query per row: very many calls, each tiny and returning one row at most. */
export function isNPlusOneSuspect(s: StatementRow): boolean {
  const word = leadingKeyword(s.query);
  return (word === 'select' || word === 'with') && s.calls >= T.minCalls && s.meanMs <= T.maxMeanMs && s.rows / s.calls <= T.maxRowsPerCall;
}

export const nPlusOne: Check = {
  id: 'n-plus-one',
  section: 'n-plus-one',
  help: 'Probably a query per row in an application loop: batch it (WHERE id = ANY($1)) or eager-load with a join.',
  run({ data }) {
    const statements = valueOf(data.statements);
    if (!statements) return [];
    return statements.rows
      .filter(isNPlusOneSuspect)
      .sort((a, b) => b.totalMs - a.totalMs)
      .map((s) => ({
        check: this.id,
        severity: 'warning',
        object: `query ${s.queryid}`,
        evidence: { queryid: s.queryid, role: s.role, calls: s.calls, mean_ms: round(s.meanMs, 4), rows_per_call: round(s.rows / s.calls, 3), total_ms: round(s.totalMs) },
        message: `${groupThousands(s.calls)} calls of ${formatDuration(s.meanMs)} each, ${round(s.rows / s.calls, 2)} rows per call, ${formatDuration(s.totalMs)} in all`,
        help: this.help,
        ...(s.query ? { sql: s.query } : {}),
      }));
  },
};
