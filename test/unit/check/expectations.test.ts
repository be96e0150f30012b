import { describe, expect, it } from 'vitest';
import { expectMaxCost } from '../../../src/core/check/checks/expect-max-cost.js';
import { expectMaxMs } from '../../../src/core/check/checks/expect-max-ms.js';
import { expectNoSeqScan } from '../../../src/core/check/checks/expect-no-seq-scan.js';
import { expectRowsRemoved } from '../../../src/core/check/checks/expect-rows-removed.js';
import { expectUsesIndex } from '../../../src/core/check/checks/expect-uses-index.js';
import type { IndexReadiness } from '../../../src/core/check/types.js';
import { indexScan, input, node, planned, query, seqScan } from './fixtures.js';

const ready = (name: string, over: Partial<IndexReadiness> = {}): IndexReadiness => ({ schema: 'public', table: 'users', name, checkXmin: false, expressionWithoutStats: false, tableNeverAnalyzed: false, ...over });

describe('uses_index', () => {
  it('passes when the plan uses the named index, and fails naming the node that read the table instead', () => {
    const q = query('q', 20, { uses_index: 'idx_users_created' });
    const hit = expectUsesIndex.run(input([[q, planned('q', node('Limit', [indexScan('idx_users_created', 'users')]))]], { readiness: [ready('idx_users_created')] }));
    expect(hit[0]).toMatchObject({ verdict: 'pass', message: 'q: Index Scan using idx_users_created on users' });
    const miss = expectUsesIndex.run(input([[q, planned('q', node('Limit', [seqScan('users', 5000)]))]], { readiness: [ready('idx_users_created')] }))[0]!;
    expect(miss).toMatchObject({ verdict: 'fail', node: 'Seq Scan on users', pos: { line: 20, column: 5 } });
    expect(miss.message).toBe('q: expected idx_users_created, but the plan uses Seq Scan on users');
    expect(miss.detail[0]).toMatch(/^Limit {2}cost/);
    expect(miss.detail[1]).toMatch(/^└─ Seq Scan on users {2}cost 0\.\.500 · est 5,000 rows {2}◀ expected idx_users_created$/);
    expect(miss.detail[2]).toContain('filter: (x = 1)');
  });

  it('says "not yet usable" and offers ANALYZE when the index is there but the planner cannot use it', () => {
    const q = query('q', 20, { uses_index: 'idx_users_name' });
    const result = expectUsesIndex.run(input([[q, planned('q', seqScan('users', 5000))]], { readiness: [ready('idx_users_name', { expressionWithoutStats: true })] }))[0]!;
    expect(result.verdict).toBe('fail');
    expect(result.message).toContain('idx_users_name exists but is not yet usable: PostgreSQL has no statistics for its expression yet');
    expect(result.help).toBe('Run ANALYZE public.users (and let old transactions finish), then check again.');
    expect(result.evidence.not_yet_usable).toBe('idx_users_name');
  });

  it('says when the expected index does not exist, and accepts any index for uses_index: true', () => {
    const q = query('q', 20, { uses_index: 'idx_gone' });
    expect(expectUsesIndex.run(input([[q, planned('q', seqScan('users', 10))]]))[0]!.message).toContain('idx_gone, but it does not exist in the database');
    const any = query('any', 21, { uses_index: true });
    expect(expectUsesIndex.run(input([[any, planned('any', indexScan('users_pkey', 'users'))]]))[0]!.verdict).toBe('pass');
    expect(expectUsesIndex.run(input([[any, planned('any', seqScan('users', 10))]]))[0]!.message).toBe('any: expected an index, but the plan uses Seq Scan on users');
  });
});

describe('no_seq_scan', () => {
  const plan = () => planned('q', node('Hash Join', [seqScan('projects', 40_000), node('Hash', [seqScan('roles', 4)])]), { tables: [{ schema: 'public', name: 'roles', liveTuples: 4, reltuples: 4, modsSinceAnalyze: 0, lastAnalyze: null, lastAutoanalyze: null }] });

  it('fails on any sequential scan, naming it', () => {
    const result = expectNoSeqScan.run(input([[query('q', 30, { no_seq_scan: true }), plan()]]))[0]!;
    expect(result).toMatchObject({ verdict: 'fail', node: 'Seq Scan on projects', evidence: { violations: 2 } });
    expect(result.message).toBe('q: Seq Scan on projects (40,000 rows), Seq Scan on roles (4 rows): a sequential scan');
  });

  it('allows scans of tables up to seq_scan_max_rows, which alone turns the check on', () => {
    const result = expectNoSeqScan.run(input([[query('q', 30, { seq_scan_max_rows: 100 }), plan()]]))[0]!;
    expect(result.message).toBe('q: Seq Scan on projects (40,000 rows): a sequential scan over 100 rows');
    const small = planned('q', node('Hash', [seqScan('roles', 4)]));
    expect(expectNoSeqScan.run(input([[query('q', 30, { no_seq_scan: true, seq_scan_max_rows: 100 }), small]]))[0]).toMatchObject({ verdict: 'pass', message: 'q: no sequential scan over 100 rows; allowed: Seq Scan on roles (4 rows)' });
    expect(expectNoSeqScan.run(input([[query('q', 30, { no_seq_scan: false, seq_scan_max_rows: 1 }), small]]))).toEqual([]);
  });
});

describe('max_cost, max_ms and max_rows_removed_ratio', () => {
  it('max_cost compares the total estimate and names the costliest node', () => {
    const plan = planned('q', node('Sort', [seqScan('projects', 40_000)]));
    expect(expectMaxCost.run(input([[query('q', 40, { max_cost: 10_000 }), plan]]))[0]!.verdict).toBe('pass');
    const over = expectMaxCost.run(input([[query('q', 40, { max_cost: 100 }), plan]]))[0]!;
    expect(over).toMatchObject({ verdict: 'fail', node: 'Seq Scan on projects' });
    expect(over.message).toBe('q: estimated cost 4.0k > max_cost 100; most of it in Seq Scan on projects');
  });

  it('max_ms is skipped, saying why, without --analyze; judged on planning + execution with it', () => {
    const q = query('q', 50, { max_ms: 5 });
    const skipped = expectMaxMs.run(input([[q, planned('q', seqScan('users', 10))]]))[0]!;
    expect(skipped).toMatchObject({ verdict: 'skip', message: 'q: max_ms 5 ms not judged: it needs --analyze (estimates only: the query was not run)' });
    const executed = (ms: number) => planned('q', { ...seqScan('users', 10), 'Actual Rows': 10, 'Actual Loops': 1, 'Actual Total Time': ms, 'Actual Startup Time': 0 }, { executionMs: ms, planningMs: 1 });
    expect(expectMaxMs.run(input([[q, executed(2)]]))[0]!.verdict).toBe('pass');
    const slow = expectMaxMs.run(input([[q, executed(30)]]))[0]!;
    expect(slow).toMatchObject({ verdict: 'fail', node: 'Seq Scan on users' });
    expect(slow.message).toMatch(/^q: 31 ms \(planning 1 ms \+ execution 30 ms\) > max_ms 5 ms/);
  });

  it('max_rows_removed_ratio finds the node that discards most of what it reads', () => {
    const q = query('q', 60, { max_rows_removed_ratio: 0.5 });
    const raw = { ...seqScan('users', 10), 'Actual Rows': 10, 'Actual Loops': 1, 'Actual Total Time': 3, 'Rows Removed by Filter': 990 };
    const result = expectRowsRemoved.run(input([[q, planned('q', raw, { executionMs: 3 })]]))[0]!;
    expect(result).toMatchObject({ verdict: 'fail', node: 'Seq Scan on users', evidence: { ratio: 0.99 } });
    expect(result.message).toBe('q: Seq Scan on users removed 99% of the rows it read (max 50%)');
    expect(expectRowsRemoved.run(input([[q, planned('q', seqScan('users', 10))]]))[0]!.verdict).toBe('skip');
  });
});
