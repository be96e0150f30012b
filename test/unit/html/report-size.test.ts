import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/core/report/build.js';
import { reportJson } from '../../../src/core/report/json.js';
import { SECTION_IDS } from '../../../src/core/report/types.js';
import { reportHtml } from '../../../src/html/report.js';
import { DEFAULT_BUDGETS } from '../../../src/spec/types.js';
import { data, index, statement, statementsData, table } from '../report/fixtures.js';

/** Statement texts of the lengths an ORM produces: a column list, a join or two, a filter. */
function statementText(i: number): string {
  const columns = Array.from({ length: 3 + (i % 12) }, (_, c) => `t${i % 97}.column_${c}`).join(', ');
  const join = i % 3 === 0 ? ` JOIN accounts a ON a.id = t${i % 97}.account_id` : '';
  return `SELECT ${columns} FROM table_${i % 97} t${i % 97}${join} WHERE t${i % 97}.id = $1 AND t${i % 97}.status = $2 ORDER BY t${i % 97}.created_at DESC LIMIT $3 /* q${i} */`;
}

describe('report --html size', () => {
  it('stays under 1 MB for 5,000 statements, 1,000 of them slow and 500 N+1 suspects, each a finding', () => {
    const statements = Array.from({ length: 5000 }, (_, i) =>
      statement({ queryid: String(-4_000_000_000_000_000_000 + i * 7_919_123_456_789), query: statementText(i), calls: i % 10 === 1 ? 5000 + i : 1 + ((i * 7919) % 100_000), totalMs: 1 + ((i * 104_729) % 1_000_000) / 7, meanMs: i % 5 === 0 ? 1500 + i : i % 10 === 1 ? 0.2 : 1 + (i % 900), maxMs: 2000 + i, rows: i % 10 === 1 ? 1 : i * 3, sharedHit: 1000 + i, sharedRead: i % 50, tempWritten: i % 7 }),
    );
    const indexes = Array.from({ length: 200 }, (_, i) => index({ name: `index_number_${i}`, scans: i % 5 === 0 ? 0 : i * 10, bytes: 8192 * (i + 1) }));
    const tables = Array.from({ length: 100 }, (_, i) => table({ oid: i + 1, name: `table_${i}`, liveTuples: 10_000 * i, seqScan: i * 3 }));
    const report = buildReport({ data: data({ statements: statementsData(statements), indexes: { available: true, value: indexes }, tables: { available: true, value: tables } }), budgets: DEFAULT_BUDGETS, sections: [...SECTION_IDS], top: 10, role: 'app' });
    const doc = reportJson(report, DEFAULT_BUDGETS, 1, null);
    expect(doc.sections.find((s) => s.id === 'slow-queries')!.rows).toHaveLength(10);
    const html = reportHtml(doc);
    const bytes = Buffer.byteLength(html);
    console.log(`report --html, 5,000 statements, 1,500 findings: ${(bytes / 1e6).toFixed(2)} MB (JSON document ${(Buffer.byteLength(JSON.stringify(doc)) / 1e6).toFixed(2)} MB)`);
    expect(bytes).toBeLessThan(1_000_000);
  });
});
