import { describe, expect, it } from 'vitest';
import { reviewSettings } from '../../../src/core/tune/review.js';
import type { Machine, Setting, TuneFacts, TuneInput, Window } from '../../../src/core/tune/types.js';

const GB = 1024 ** 3;
const hour: Window = { since: '2026-01-01T00:00:00.000Z', until: '2026-01-01T01:00:00.000Z', seconds: 3600, from: 'stats-reset' };

function setting(name: string, value: string, unit: string | null = null, context = 'user'): Setting {
  return { name, value, unit, context, source: 'default', pendingRestart: false };
}

/** A server pgtune would call right for a 16 GB, 4-core OLTP machine on SSD. */
function tuned(): TuneFacts {
  const s = [
    setting('shared_buffers', String((4 * GB) / 8192), '8kB', 'postmaster'),
    setting('effective_cache_size', String((12 * GB) / 8192), '8kB'),
    setting('maintenance_work_mem', String(GB / 1024), 'kB'),
    setting('work_mem', String(16 * 1024), 'kB'),
    setting('max_connections', '100', null, 'postmaster'),
    setting('superuser_reserved_connections', '3', null, 'postmaster'),
    setting('random_page_cost', '1.1'),
    setting('effective_io_concurrency', '200'),
    setting('max_wal_size', String(8 * 1024), 'MB', 'sighup'),
    setting('checkpoint_completion_target', '0.9', null, 'sighup'),
    setting('checkpoint_timeout', '300', 's', 'sighup'),
    setting('autovacuum_vacuum_scale_factor', '0.2', null, 'sighup'),
    setting('autovacuum_vacuum_threshold', '50', null, 'sighup'),
    setting('jit', 'off'),
  ];
  return {
    versionNum: 180000,
    settings: Object.fromEntries(s.map((x) => [x.name, x])),
    local: false,
    database: { name: 'app', tempFiles: 0, tempBytes: 0, window: hour },
    checkpoints: { timed: 12, requested: 0, window: hour, wal: { bytes: 100 * 1024 * 1024, window: hour } },
    statements: { available: true, window: hour, calls: 360_000, totalMs: 3_600_000 * 2, spills: [], jit: null },
    connections: { current: 12, active: 2 },
    largeTables: [],
  };
}

const machine: Machine = { memoryBytes: 16 * GB, cpus: 4, storage: 'ssd', workload: 'oltp', source: { memory: 'declared', cpus: 'declared', storage: 'declared' } };
const input = (facts: TuneFacts, pool = { size: 4, maxOverflow: 4, instances: 1 }): TuneInput => ({ facts, machine, pool });
const ids = (i: TuneInput) => reviewSettings(i).recommendations.map((r) => r.id);

describe('tune rules', () => {
  it('a server tuned the way pgtune would is left alone', () => {
    expect(reviewSettings(input(tuned())).recommendations).toEqual([]);
  });

  it('requested checkpoints are WAL pressure only when a checkpoint_timeout of WAL nears max_wal_size', () => {
    const dropped = tuned();
    // Ten DROP DATABASEs request ten checkpoints, with little WAL: not a max_wal_size problem.
    dropped.checkpoints = { ...dropped.checkpoints!, requested: 10 };
    expect(ids(input(dropped))).not.toContain('max-wal-size');
    const busy = tuned();
    busy.checkpoints = { ...busy.checkpoints!, requested: 10, wal: { bytes: 12 * 8 * GB, window: hour } };
    const rec = reviewSettings(input(busy)).recommendations.find((r) => r.id === 'max-wal-size')!;
    expect(rec).toMatchObject({ current: '8GB', proposed: '16GB', restart: false });
  });

  it("sizes the pool by Little's law: 2 statements in flight on average want about 4 + 4", () => {
    const rec = reviewSettings(input(tuned(), { size: 40, maxOverflow: 20, instances: 1 })).recommendations.find((r) => r.id === 'pool-size')!;
    expect(rec).toMatchObject({ current: '40 + 20', proposed: '4 + 4', severity: 'notice', sql: null });
    expect(rec.evidence.average_concurrency).toBe(2);
    // Too small a pool for the load is a warning.
    expect(reviewSettings(input(tuned(), { size: 2, maxOverflow: 0, instances: 1 })).recommendations.find((r) => r.id === 'pool-size')).toMatchObject({ severity: 'warning' });
  });

  it('raises work_mem to cover the average spill, within the memory budget', () => {
    const facts = tuned();
    facts.database = { ...facts.database, tempFiles: 100, tempBytes: 100 * 40 * 1024 * 1024 };
    const rec = reviewSettings(input(facts)).recommendations.find((r) => r.id === 'work-mem')!;
    // 40 MB spills want 128 MB (twice, to a power of two); the budget, (16 GB − 4 GB) / (100 × 3) ≈ 41 MB, caps it at 32 MB.
    expect(rec.proposed).toBe('32MB');
    expect(rec.evidence.average_spill_bytes).toBe(40 * 1024 * 1024);
  });

  it('large tables get a per-table scale factor; a backlog makes it a warning', () => {
    const facts = tuned();
    facts.largeTables = [{ schema: 'public', table: 'events', liveRows: 5_000_000, deadRows: 2_000_000, vacuumScaleFactor: null, lastAutovacuum: null }];
    const rec = reviewSettings(input(facts)).recommendations.find((r) => r.id === 'autovacuum-scale-factor')!;
    expect(rec).toMatchObject({ severity: 'warning', subject: 'public.events', proposed: '0.02' });
    expect(rec.sql).toBe('ALTER TABLE "public"."events" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.01);');
  });

  it('hdd storage wants random_page_cost 4, not 1.1', () => {
    const facts = tuned();
    const hdd = { ...input(facts), machine: { ...machine, storage: 'hdd' as const } };
    expect(reviewSettings(hdd).recommendations.find((r) => r.id === 'random-page-cost')).toMatchObject({ proposed: '4' });
  });

  it('without --memory the memory rule says how to let it look', () => {
    const review = reviewSettings({ ...input(tuned()), machine: { ...machine, memoryBytes: undefined } });
    expect(review.notReviewed).toContainEqual({ rule: 'memory', reason: expect.stringContaining('--memory') });
  });
});

describe('tune review text', () => {
  it('fits 80 columns, long messages wrapped under their mark', async () => {
    const { tuneText } = await import('../../../src/cli/tune/render.js');
    const { createTheme } = await import('../../../src/cli/theme.js');
    const facts = tuned();
    facts.settings.shared_buffers = setting('shared_buffers', String((128 * 1024 * 1024) / 8192), '8kB', 'postmaster');
    facts.largeTables = [{ schema: 'a_rather_long_schema_name', table: 'an_even_longer_table_name_for_events', liveRows: 5_000_000, deadRows: 0, vacuumScaleFactor: null, lastAutovacuum: null }];
    const review = reviewSettings(input(facts, { size: 60, maxOverflow: 60, instances: 3 }));
    const lines = tuneText({ ...review, target: 'db.internal:5432/app', versionNum: 180000, machine, reviewedAt: hour.until }, createTheme(false), 80);
    expect(review.recommendations.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines.join('\n')).toMatch(/shared_buffers\s+128MB\s+4GB\s+yes/);
  });
});
