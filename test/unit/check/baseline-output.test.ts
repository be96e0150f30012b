import { describe, expect, it } from 'vitest';
import { githubAnnotations } from '../../../src/core/check/annotations.js';
import { buildBaseline, parseBaseline, serialiseBaseline } from '../../../src/core/check/baseline.js';
import { p95Budget, percentile } from '../../../src/core/check/checks/p95-budget.js';
import { planRegression } from '../../../src/core/check/checks/plan-regression.js';
import { renderJunit } from '../../../src/core/check/junit.js';
import { runChecks } from '../../../src/core/check/run.js';
import type { CheckResult } from '../../../src/core/check/types.js';
import { UsageError } from '../../../src/errors.js';
import { parseXml } from '../../helpers/xml.js';
import { indexScan, input, node, planned, query, seqScan } from './fixtures.js';

describe('plan-regression', () => {
  const q = query('q', 10);
  const before = buildBaseline([q], [planned('q', node('Limit', [indexScan('idx_a', 'users')]))], 180004);

  it('round-trips the versioned file, and refuses other files with exit 2', () => {
    expect(parseBaseline(serialiseBaseline(before), 'b.json')).toEqual(before);
    expect(before.queries[0]).toMatchObject({ name: 'q', indexes: ['idx_a'], shape: ['Limit', '  Index Scan using idx_a on users'] });
    expect(() => parseBaseline('{"version": 2, "kind": "perfctl-check-baseline", "queries": []}', 'b.json')).toThrow(/baseline version 2/);
    expect(() => parseBaseline('[]', 'b.json')).toThrow(UsageError);
  });

  it('passes the same plan, fails another index or a cost rise over the limit, warns on a new shape', () => {
    const run = (root: Parameters<typeof planned>[1], extra = {}) => planRegression.run(input([[q, planned('q', root)]], { baseline: before, ...extra }))[0]!;
    expect(run(node('Limit', [indexScan('idx_a', 'users')])).verdict).toBe('pass');
    const other = run(node('Limit', [indexScan('idx_b', 'users')]));
    expect(other).toMatchObject({ verdict: 'fail', node: 'Index Scan using idx_b on users' });
    expect(other.message).toBe('q: index choice changed: idx_a → idx_b');
    expect(other.detail).toEqual(['-   Index Scan using idx_a on users', '+   Index Scan using idx_b on users']);
    const dearer = run(node('Limit', [indexScan('idx_a', 'users', { 'Total Cost': 12 })]));
    expect(dearer.message).toBe('q: estimated cost 9.3 → 13 (+40%, limit +20%)');
    const reshaped = run(node('Sort', [indexScan('idx_a', 'users')]));
    expect(reshaped.verdict).toBe('warn');
    expect(planRegression.run(input([[query('new', 11), planned('new', seqScan('users', 1))]], { baseline: before }))[0]!.verdict).toBe('warn');
    expect(planRegression.run(input([[q, planned('q', seqScan('users', 1))]]))).toEqual([]);
  });
});

describe('p95-budget', () => {
  it('takes the nearest-rank p95 over every run and names the slowest query', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 0.95)).toBe(19);
    const timings = { repeat: 10, samples: [{ name: 'fast', ms: Array(10).fill(1) }, { name: 'slow', ms: Array(10).fill(200) }], skipped: [{ name: 'gen', reason: 'uses $n without params' }] };
    const over = p95Budget.run(input([], { timings }))[0]!;
    expect(over).toMatchObject({ verdict: 'fail', node: 'slow', evidence: { p95_ms: 200, runs: 20 } });
    expect(over.detail).toEqual(['slow: p50 200 ms, p95 200 ms over 10 runs', 'fast: p50 1 ms, p95 1 ms over 10 runs', 'gen: not timed (uses $n without params)']);
    expect(p95Budget.run(input([]))[0]).toMatchObject({ verdict: 'skip', message: 'p95_ms 100 ms not judged: it is measured with --analyze --repeat N' });
  });
});

describe('JUnit and annotations', () => {
  const result = (verdict: CheckResult['verdict'], check: string, name: string, line?: number): CheckResult => ({
    check,
    subject: { kind: 'query', name },
    verdict,
    message: `${name}: <a> & "b", 50%`,
    detail: ['Seq Scan on t  ◀ here'],
    help: verdict === 'pass' ? undefined : 'do this: now',
    ...(line ? { pos: { line, column: 5 } } : {}),
    evidence: {},
  });
  const report = runChecks(input([]), [{ id: 'x', title: 'x', help: '', run: () => [result('pass', 'a', 'q1', 3), result('fail', 'a', 'q2', 7), result('skip', 'b', 'q3'), result('warn', 'b', 'q4', 9)] }]);

  it('writes well-formed JUnit with consistent counts and escaped text', () => {
    const root = parseXml(renderJunit(report, 'db/indexes.yaml', 1.5));
    expect(root.attrs).toMatchObject({ name: 'perfctl check', tests: '4', failures: '1', skipped: '1', errors: '0', time: '1.500' });
    expect(root.children.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures, s.attrs.skipped])).toEqual([['a', '2', '1', '0'], ['b', '2', '0', '1']]);
    const failed = root.children[0]!.children[1]!;
    expect(failed.attrs).toMatchObject({ classname: 'perfctl.check.a', name: 'query q2', file: 'db/indexes.yaml', line: '7' });
    expect(failed.children[0]!.attrs.message).toBe('q2: <a> & "b", 50%');
    expect(failed.children[0]!.text).toBe('q2: <a> & "b", 50%\nSeq Scan on t  ◀ here\nhint: do this: now');
    expect(root.children[1]!.children[1]!.children[0]!.name).toBe('system-out');
  });

  it('annotates failures and warnings at their spec line, escaped as GitHub requires', () => {
    expect(githubAnnotations(report, 'db/indexes.yaml')).toEqual([
      '::error file=db/indexes.yaml,line=7,col=5,title=perfctl check%3A a::q2: <a> & "b", 50%25%0Ado this: now',
      '::warning file=db/indexes.yaml,line=9,col=5,title=perfctl check%3A b::q4: <a> & "b", 50%25%0Ado this: now',
    ]);
  });
});
