import { describe, expect, it } from 'vitest';
import { indexCoverage } from '../../../src/core/check/checks/index-coverage.js';
import { queryPlan } from '../../../src/core/check/checks/query-plan.js';
import { specDrift } from '../../../src/core/check/checks/spec-drift.js';
import { uncoveredIndex } from '../../../src/core/check/checks/uncovered-index.js';
import { runChecks } from '../../../src/core/check/run.js';
import { indexScan, input, node, planned, query, seqScan } from './fixtures.js';

const verdicts = (rs: Array<{ subject: { name: string }; verdict: string }>) => Object.fromEntries(rs.map((r) => [r.subject.name, r.verdict]));

describe('spec-drift', () => {
  it('is the comparison indexes plan makes: pending actions fail, unchanged indexes pass, at their spec lines', () => {
    const results = specDrift.run(input([]));
    expect(verdicts(results)).toEqual({
      idx_users_lower_email: 'fail',
      idx_users_created: 'pass',
      idx_users_name: 'fail',
      idx_users_email_unique: 'fail',
      idx_projects_status: 'pass',
      idx_projects_user: 'fail',
    });
    const byName = (n: string) => results.find((r) => r.subject.name === n)!;
    expect(byName('idx_users_lower_email').message).toContain('present under another name');
    expect(byName('idx_users_name').message).toContain('definition differs');
    expect(byName('idx_users_name').detail[0]).toMatch(/^database: /);
    expect(byName('idx_users_email_unique')).toMatchObject({ evidence: { action: 'create' }, pos: { line: 6, column: 5 } });
  });

  it('counts an INVALID spec index as drift, and with prune an unnamed index on a spec table', () => {
    const base = input([]);
    base.snapshot.indexes.find((i) => i.name === 'idx_users_created')!.valid = false;
    const invalid = specDrift.run(base).find((r) => r.subject.name === 'idx_users_created')!;
    expect(invalid).toMatchObject({ verdict: 'fail', evidence: { action: 'repair' } });
    expect(invalid.message).toContain('INVALID');
    expect(specDrift.run(input([])).some((r) => r.subject.name === 'stray')).toBe(false);
    const pruned = specDrift.run(input([], { options: { analyze: false, strict: false, prune: true, maxCostIncrease: 0.2 } }));
    // A stray index has no spec line: it points at the first spec index of its table.
    expect(pruned.find((r) => r.subject.name === 'stray')).toMatchObject({ verdict: 'fail', pos: { line: 3 }, evidence: { action: 'drop' } });
  });
});

describe('query-plan, index-coverage and uncovered-index', () => {
  const pairs = () => [
    [query('by_created', 10), planned('by_created', node('Limit', [indexScan('idx_users_created', 'users')]))],
    [query('scan', 11), planned('scan', seqScan('users', 5000))],
    [query('broken', 12), { name: 'broken', mode: 'estimate', tables: [], error: { code: 'query-failed', message: 'column "nope" does not exist' } }],
  ] as Parameters<typeof input>[0];

  it('fails a query that cannot be planned, and passes the others with their access path', () => {
    const results = queryPlan.run(input(pairs()));
    expect(results.map((r) => r.verdict)).toEqual(['pass', 'pass', 'fail']);
    expect(results[0]!.message).toBe('by_created: Index Scan using idx_users_created on users (cost 9.3)');
    expect(results[2]!.message).toContain('column "nope" does not exist');
  });

  it('measures coverage against budgets.index_coverage, naming the queries without an index', () => {
    const [result] = indexCoverage.run(input(pairs()));
    expect(result).toMatchObject({ verdict: 'fail', evidence: { covered: 1, queries: 3, share: 0.3333 } });
    expect(result!.message).toContain('without: scan, broken');
    const lenient = input(pairs());
    lenient.spec.budgets.index_coverage = 0.3;
    expect(indexCoverage.run(lenient)[0]!.verdict).toBe('pass');
  });

  it('warns about managed indexes no query uses, explains a not-yet-usable one, and --strict makes warnings fail', () => {
    const readiness = [{ schema: 'public', table: 'users', name: 'idx_users_name', checkXmin: true, expressionWithoutStats: false, tableNeverAnalyzed: false }];
    const results = uncoveredIndex.run(input(pairs(), { readiness }));
    expect(verdicts(results).idx_users_created).toBe('pass');
    expect(results.find((r) => r.subject.name === 'idx_users_created')!.message).toBe('idx_users_created: used by by_created');
    const name = results.find((r) => r.subject.name === 'idx_users_name')!;
    expect(name).toMatchObject({ verdict: 'warn' });
    expect(name.message).toContain('not yet usable');
    expect(name.help).toContain('ANALYZE');
    const strict = runChecks(input(pairs(), { options: { analyze: false, strict: true, prune: false, maxCostIncrease: 0.2 } }), [uncoveredIndex]);
    expect(strict.counts).toMatchObject({ pass: 1, warn: 0, fail: 5 });
    expect(strict.passed).toBe(false);
  });
});
