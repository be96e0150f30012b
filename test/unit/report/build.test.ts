import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/core/report/build.js';
import { reportJson } from '../../../src/core/report/json.js';
import { SECTION_IDS } from '../../../src/core/report/types.js';
import { parseSections } from '../../../src/cli/commands/report.js';
import { DEFAULT_BUDGETS } from '../../../src/spec/types.js';
import { data, ok, session, statement, statementsData, table } from './fixtures.js';

const healthy = () =>
  data({
    statements: statementsData([statement({ calls: 1000, totalMs: 2000, meanMs: 2, minMs: 1, maxMs: 5, stddevMs: 1 })]),
    tables: ok([table({ heapHit: 100_000, heapRead: 10 })]),
    indexes: ok([]),
    foreignKeys: ok([]),
    activity: ok({ maxConnections: 100, reservedConnections: 3, inUse: 10, sessions: [session()] }),
  });

describe('buildReport', () => {
  it('is within budget when nothing exceeds one, and measures every target', () => {
    const report = buildReport({ data: healthy(), budgets: DEFAULT_BUDGETS, sections: [...SECTION_IDS], top: 10, role: 'monitor' });
    expect(report.overBudget).toBe(false);
    expect(report.findings).toBe(0);
    const targets = report.sections.find((s) => s.id === 'targets')!.targets!;
    expect(Object.fromEntries(targets.map((t) => [t.id, t.verdict]))).toEqual({
      'query-p95': 'ok',
      'slow-call-share': 'ok',
      'cache-hit-ratio': 'ok',
      'connection-usage': 'ok',
      'index-coverage': 'unknown',
    });
  });

  it('is over budget on a slow query or a target over its budget', () => {
    const slow = { ...healthy(), statements: statementsData([statement({ calls: 10, meanMs: 5000, totalMs: 50_000, minMs: 5000, maxMs: 5000 })]) };
    expect(buildReport({ data: slow, budgets: DEFAULT_BUDGETS, sections: ['slow-queries'], top: 10, role: 'm' }).overBudget).toBe(true);
    const busy = { ...healthy(), activity: ok({ maxConnections: 100, reservedConnections: 3, inUse: 90, sessions: [] }) };
    const report = buildReport({ data: busy, budgets: DEFAULT_BUDGETS, sections: ['targets'], top: 10, role: 'm' });
    expect(report.overBudget).toBe(true);
    expect(reportJson(report, DEFAULT_BUDGETS, 1, null).sections[0]!.rows.find((r) => r.target === 'connection-usage')).toMatchObject({ verdict: 'over', current: 0.9278 });
  });

  it('measures index coverage from the sample plans, leaving out ones it may not plan', () => {
    const d = { ...healthy(), samplePlans: [{ name: 'a', usesIndex: true, access: 'Index Scan' }, { name: 'b', usesIndex: false, access: 'Seq Scan' }, { name: 'c', usesIndex: false, access: '', denied: true }] };
    const target = buildReport({ data: d, budgets: DEFAULT_BUDGETS, sections: ['targets'], top: 10, role: 'm' }).sections[0]!.targets!.find((t) => t.id === 'index-coverage')!;
    expect(target).toMatchObject({ current: 0.5, verdict: 'over' });
    expect(target.how).toMatch(/without an index: b/);
  });

  it('runs only the checks of the sections asked for', () => {
    const d = { ...healthy(), tables: ok([table({ liveTuples: 50_000, seqScan: 5_000, seqTupRead: 250_000_000, idxScan: 0, heapHit: 100_000 })]) };
    expect(buildReport({ data: d, budgets: DEFAULT_BUDGETS, sections: ['tables'], top: 10, role: 'm' }).findings).toBe(1);
    expect(buildReport({ data: d, budgets: DEFAULT_BUDGETS, sections: ['cache'], top: 10, role: 'm' }).findings).toBe(0);
  });
});

describe('report sections on the command line', () => {
  it('defaults to all, keeps the documented order and suggests a near miss', () => {
    expect(parseSections([])).toEqual([...SECTION_IDS]);
    expect(parseSections(['targets', 'indexes'])).toEqual(['indexes', 'targets']);
    expect(() => parseSections(['indexs'])).toThrow(/did you mean "indexes"/);
  });

  it('answers to the pg-extras and supabase inspect db names, with a did-you-mean among them', () => {
    expect(parseSections(['outliers', 'cache-hit', 'unused-indexes', 'locks', 'bloat', 'long-running-queries', 'seq-scans'])).toEqual(['slow-queries', 'indexes', 'tables', 'cache', 'connections']);
    expect(parseSections(['cache_hit', 'Unused_Indexes'])).toEqual(['indexes', 'cache']);
    expect(() => parseSections(['outlier'])).toThrow(/unknown report section "outlier"; did you mean "outliers"\?/);
    expect(() => parseSections(['cache-hits'])).toThrow(/did you mean "cache-hit"\?/);
  });

  it('reads pg-extras and supabase inspect db names, with underscores too, each section once', () => {
    expect(parseSections(['outliers', 'calls'])).toEqual(['slow-queries']);
    expect(parseSections(['cache_hit', 'unused-indexes', 'locks'])).toEqual(['indexes', 'cache', 'connections']);
    expect(parseSections(['seq-scans', 'tables', 'long-running-queries'])).toEqual(['tables', 'connections']);
  });

  it('suggests the nearest section or alias for a typo', () => {
    expect(() => parseSections(['outlier'])).toThrow(/did you mean "outliers"/);
    expect(() => parseSections(['unused_indices'])).toThrow(/did you mean "unused-indexes"/);
    expect(() => parseSections(['cahce-hit'])).toThrow(/did you mean "cache-hit"/);
    expect(() => parseSections(['mandelbrot'])).toThrow(/unknown report section "mandelbrot"$/);
  });
});
