import { describe, expect, it } from 'vitest';
import { findings } from '../../../src/core/explain/analyse.js';
import { rules } from '../../../src/core/explain/rules/index.js';
import type { Finding } from '../../../src/core/explain/types.js';
import { fixtureContext, fixtureTables } from '../../helpers/plans.js';

/** Each rule, the fixture it must fire on (a real PostgreSQL 18 plan), and what its finding must say. */
const cases: Array<[string, (f: Finding) => void]> = [
  ['seq-scan-filter', (f) => expect(f.evidence).toMatchObject({ rows_read: 200_000, rows_kept: 1, index_columns: ['email', 'is_active'] })],
  ['misestimate', (f) => expect(f.evidence).toMatchObject({ planned_rows: 1, actual_rows: 198_000, direction: 'under' })],
  ['disk-sort', (f) => expect(f.help).toContain(`work_mem = '13MB'`)],
  ['hash-batches', (f) => expect(f.evidence).toMatchObject({ batches: 32, work_mem_needed: '8MB' })],
  // title <> '' is no condition an index narrows: only status is worth adding.
  ['inefficient-index', (f) => expect(f.evidence).toMatchObject({ rows_removed: 48_506, filter_columns: ['status'] })],
  ['join-filter', (f) => expect(f.evidence).toMatchObject({ rows_tested: 2_400_000, rows_removed: 2_399_880, inner_table: 'customers' })],
  ['join-seq-scan', (f) => expect(f.evidence).toMatchObject({ rows_read: 200_000, rows_joined: 10, index_columns: ['customer_id'] })],
  ['hash-agg-spill', (f) => expect(f.evidence).toMatchObject({ batches: 1365, disk_kb: 12_064 })],
  ['heap-fetches', (f) => expect(f.evidence).toMatchObject({ heap_fetches: 21_429 })],
  ['lossy-bitmap', (f) => expect(f.evidence).toMatchObject({ lossy_blocks: 3_093, exact_blocks: 646 })],
  ['nested-loop-many', (f) => expect(f.evidence).toMatchObject({ loops: 300_000 })],
  ['large-offset', (f) => expect(f.evidence).toMatchObject({ rows_skipped: 150_000, rows_returned: 20 })],
  ['stale-stats', (f) => expect(f.evidence).toMatchObject({ table: 'public.events', changes_since_analyze: 200_010, planner_rows: 10 })],
  ['jit-overhead', (f) => expect(f.evidence).toMatchObject({ jit_ms: 92.2, functions: 9 })],
  ['planning-dominates', (f) => expect(f.evidence).toMatchObject({ planning_ms: 8.535, execution_ms: 1.93 })],
  ['no-index-on-sort', (f) => expect(f.help).toContain('users (created_at DESC NULLS LAST)')],
];

/** The rules added with the corpus use its PostgreSQL 18 plans (test/helpers/explain-corpus.ts). */
const CORPUS: Record<string, string> = { 'join-filter': 'join-filter', 'join-seq-scan': 'join-unindexed-fk', 'hash-agg-spill': 'hashagg-spill' };

async function contextFor(name: string) {
  if (CORPUS[name]) return fixtureContext(`corpus/pg18/${CORPUS[name]}`);
  return fixtureContext(name, name === 'stale-stats' ? fixtureTables(name) : []);
}

describe('explain rules', () => {
  it('every registered rule has a fixture case, a kebab-case id and a summary', () => {
    expect(rules.map((r) => r.id).sort()).toEqual(cases.map(([id]) => id).sort());
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.summary.length).toBeGreaterThan(10);
    }
  });

  it.each(cases)('%s fires on its fixture with evidence and one-line help', async (id, assert) => {
    const rule = rules.find((r) => r.id === id)!;
    const found = rule.check(await contextFor(id));
    expect(found.length).toBeGreaterThanOrEqual(1);
    const finding = found[0]!;
    expect(finding.rule).toBe(id);
    expect(finding.help).not.toContain('\n');
    expect(finding.message).not.toContain('\n');
    assert(finding);
  });

  it.each(rules.map((r) => r.id))('%s stays silent on a healthy plan', async (id) => {
    const healthy = await fixtureContext('healthy', [
      { schema: 'public', name: 'users', liveTuples: 200_000, reltuples: 200_000, modsSinceAnalyze: 12, lastAnalyze: '2026-11-23 23:19:13+00', lastAutoanalyze: null },
    ]);
    expect(rules.find((r) => r.id === id)!.check(healthy)).toEqual([]);
  });

  it('does not call a LIMIT stopping early an over-estimate', async () => {
    const all = findings(await contextFor('no-index-on-sort'));
    expect(all.map((f) => f.rule)).toEqual(['no-index-on-sort']);
  });

  it('orders findings by severity, then by the time spent in the node', async () => {
    const all = findings(await contextFor('hash-batches'));
    expect(all.map((f) => f.rule)).toEqual(['seq-scan-filter', 'hash-batches']);
  });
});
