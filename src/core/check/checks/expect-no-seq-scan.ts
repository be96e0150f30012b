import { describeNode } from '../../explain/format.js';
import { planExcerpt } from '../excerpt.js';
import { notPlanned, rows, seqScans, tableRows } from '../facts.js';
import type { Check, CheckInput, CheckResult } from '../types.js';

/** `no_seq_scan: true`, or only tables above `seq_scan_max_rows` rows may not be scanned whole. */
export const expectNoSeqScan: Check = {
  id: 'expect-no-seq-scan',
  title: 'no_seq_scan',
  help: 'Add an index that serves the query\'s conditions (perfctl explain --query NAME suggests one), or raise seq_scan_max_rows for small tables.',
  run(input: CheckInput) {
    // seq_scan_max_rows alone implies no_seq_scan above that size; no_seq_scan: false turns both off.
    const active = input.spec.queries.flatMap((query, i) => {
      const e = query.expect;
      return e.no_seq_scan === true || (e.no_seq_scan === undefined && e.seq_scan_max_rows !== undefined) ? [{ query, outcome: input.queries[i]! }] : [];
    });
    return active.map(({ query, outcome }): CheckResult => {
        if (!outcome.plan) return notPlanned('expect-no-seq-scan', query, outcome);
        const max = query.expect.seq_scan_max_rows;
        const scans = seqScans(outcome.plan).map((node) => ({ node, rows: tableRows(outcome.tables, node.relation ?? '') ?? node.rows.planned }));
        const violations = scans.filter((s) => max === undefined || s.rows > max);
        const base = { check: 'expect-no-seq-scan', subject: { kind: 'query' as const, name: query.name }, pos: query.pos };
        const limit = max === undefined ? '' : ` over ${rows(max)}`;
        if (violations.length === 0) {
          const allowed = scans.length ? `; allowed: ${scans.map((s) => `${describeNode(s.node)} (${rows(s.rows)})`).join(', ')}` : '';
          return { ...base, verdict: 'pass', message: `${query.name}: no sequential scan${limit}${allowed}`, detail: [], evidence: { seq_scans: scans.length, violations: 0 } };
        }
        const first = violations[0]!;
        return {
          ...base,
          verdict: 'fail',
          message: `${query.name}: ${violations.map((v) => `${describeNode(v.node)} (${rows(v.rows)})`).join(', ')}: a sequential scan${limit}`,
          node: describeNode(first.node),
          detail: planExcerpt(outcome.plan, first.node.id, max === undefined ? 'no_seq_scan' : `no_seq_scan over ${rows(max)}`),
          help: expectNoSeqScan.help,
          evidence: { seq_scans: scans.length, violations: violations.length, table_rows: first.rows, seq_scan_max_rows: max ?? null },
        };
      });
  },
};
