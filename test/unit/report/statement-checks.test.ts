import { describe, expect, it } from 'vitest';
import { nPlusOne } from '../../../src/core/report/checks/n-plus-one.js';
import { slowQuery } from '../../../src/core/report/checks/slow-query.js';
import { data, input, statement, statementsData } from './fixtures.js';

describe('slow-query', () => {
  it('flags statements whose mean exceeds budgets.slow_query_ms, as a budget error', () => {
    const d = data({ statements: statementsData([statement({ queryid: 'a', meanMs: 1500, calls: 2, totalMs: 3000 }), statement({ queryid: 'b', meanMs: 999 })]) });
    const findings = slowQuery.run(input(d));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: 'slow-query', severity: 'error', object: 'query a', budget: 'slow_query_ms', evidence: { mean_ms: 1500, budget_ms: 1000 } });
    expect(findings[0]!.sql).toBe('SELECT * FROM t WHERE id = $1');
  });

  it('follows the spec budget and ignores utility statements', () => {
    const d = data({ statements: statementsData([statement({ meanMs: 200 }), statement({ queryid: 'v', query: 'VACUUM big', meanMs: 90_000 })]) });
    const findings = slowQuery.run(input(d, { budgets: { ...input(d).budgets, slow_query_ms: 100 } }));
    expect(findings.map((f) => f.object)).toEqual(['query 1']);
  });

  it('finds nothing when pg_stat_statements could not be read', () => {
    expect(slowQuery.run(input(data({ statements: { available: false, problem: 'x', fix: 'y' } })))).toEqual([]);
  });
});

describe('n-plus-one', () => {
  const loop = statement({ queryid: 'loop', calls: 5000, meanMs: 0.02, totalMs: 100, rows: 5000 });
  it('flags many tiny single-row SELECTs, ranked by total time', () => {
    const bigger = statement({ queryid: 'big', calls: 20_000, meanMs: 0.05, totalMs: 1000, rows: 0 });
    const findings = nPlusOne.run(input(data({ statements: statementsData([loop, bigger]) })));
    expect(findings.map((f) => f.object)).toEqual(['query big', 'query loop']);
    expect(findings[0]!.help).toMatch(/batch|eager-load/);
  });

  it('does not flag few calls, multi-row results, slow calls or writes', () => {
    const rows = [
      statement({ calls: 999, meanMs: 0.02, rows: 999 }),
      statement({ calls: 5000, meanMs: 0.02, rows: 50_000 }),
      statement({ calls: 5000, meanMs: 3, rows: 5000 }),
      statement({ calls: 5000, meanMs: 0.02, rows: 5000, query: 'UPDATE t SET a = $1 WHERE id = $2' }),
    ];
    expect(nPlusOne.run(input(data({ statements: statementsData(rows) })))).toEqual([]);
  });
});
