import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { section, workload, writeSpec } from '../helpers/report.js';

let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'perfctl-since-'));
const spec = writeSpec('version: 1\n');

beforeAll(async () => {
  db = await createTestDatabase('report_since');
  await workload(db.adminUrl, async (c) => {
    await c.query(`CREATE EXTENSION pg_stat_statements;
      CREATE TABLE events (id int PRIMARY KEY, kind int);
      INSERT INTO events SELECT g, g % 7 FROM generate_series(1, 1000) g`);
    for (let i = 0; i < 20; i++) await c.query('SELECT count(*) FROM events WHERE kind = $1', [i % 7]);
  });
});
afterAll(async () => db?.drop());

describe('perfctl report --save / --since', () => {
  it('reports the deltas since a snapshot without resetting anything', async () => {
    const saved = await runPerfctl(['report', 'tables', '--save', 'before.json', '--json', '--db', db.url, '-f', spec], { cwd: dir });
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout).saved).toBe('before.json');
    expect(JSON.parse(readFileSync(join(dir, 'before.json'), 'utf8'))).toMatchObject({ kind: 'perfctl-report-snapshot', version: 1 });

    await workload(db.adminUrl, async (c) => {
      for (let i = 0; i < 7; i++) await c.query('SELECT count(*) FROM events WHERE kind = $1', [i]);
    });

    const since = await runPerfctl(['report', 'tables', 'slow-queries', '--since', 'before.json', '--json', '--db', db.url, '-f', spec], { cwd: dir });
    expect(since.code).toBe(0);
    const window = JSON.parse(since.stdout);
    expect(window.window).toMatchObject({ mode: 'snapshot', file: 'before.json' });
    expect(section(window, 'tables').rows.find((r: any) => r.table === 'public.events').seq_scans).toBe(7);
    expect(section(window, 'slow-queries').rows.find((r: any) => /FROM events WHERE kind/.test(r.query)).calls).toBe(7);

    const cumulative = JSON.parse((await runPerfctl(['report', 'tables', 'slow-queries', '--json', '--db', db.url, '-f', spec])).stdout);
    expect(section(cumulative, 'tables').rows.find((r: any) => r.table === 'public.events').seq_scans).toBeGreaterThanOrEqual(27);
    expect(section(cumulative, 'slow-queries').rows.find((r: any) => /FROM events WHERE kind/.test(r.query)).calls).toBe(27);
  });

  it('over a window computes only what two reads support: no max, p95 or slow share from cumulative min/max/stddev', async () => {
    const budgets = writeSpec('version: 1\nbudgets: { p95_ms: 15, slow_query_ms: 200, slow_query_share: 0.01 }\n');
    // History: a few slow calls. Window: a thousand fast calls of the same statement.
    await workload(db.url, async (c) => {
      for (let i = 0; i < 5; i++) await c.query('SELECT pg_sleep($1::float8) AS slept', [0.3]);
    });
    expect((await runPerfctl(['report', 'slow-queries', '--save', 'spread.json', '--db', db.url, '-f', budgets], { cwd: dir })).code).toBeLessThan(2);
    await workload(db.url, async (c) => {
      for (let i = 0; i < 1000; i++) await c.query('SELECT pg_sleep($1::float8) AS slept', [0]);
    });
    const since = await runPerfctl(['report', 'slow-queries', 'targets', '--since', 'spread.json', '--json', '--db', db.url, '-f', budgets], { cwd: dir });
    const doc = JSON.parse(since.stdout);
    const sleeper = section(doc, 'slow-queries').rows.find((r: any) => /pg_sleep/.test(r.query));
    expect(sleeper).toMatchObject({ calls: 1000, max_ms: null });
    expect(sleeper.mean_ms).toBeLessThan(5);
    const targets = Object.fromEntries(section(doc, 'targets').rows.map((r: any) => [r.target, r]));
    // The window's own spread (derived from the two reads' sums of squares), not the history's 300 ms calls.
    expect(targets['query-p95'].verdict, targets['query-p95'].how).toBe('ok');
    expect(targets['query-p95'].current).toBeLessThan(15);
    expect(targets['slow-call-share'].current).toBeLessThan(0.001);
    expect(since.code, since.stderr).toBe(0);

    // The whole history is over the p95 budget without any finding: the summary names what is over.
    const cumulative = await runPerfctl(['report', 'slow-queries', 'targets', '--no-color', '--db', db.url, '-f', budgets]);
    expect(cumulative.code).toBe(1);
    expect(cumulative.stdout).not.toMatch(/over budget: 0 findings/);
    expect(cumulative.stdout).toMatch(/✗ over budget: query time p95 [\d.]+ ms \(budget ≤ 15 ms\); 0 findings/);
  });

  it('refuses a missing or foreign snapshot file with exit 2', async () => {
    const missing = await runPerfctl(['report', '--since', 'nope.json', '--db', db.url, '-f', spec], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the snapshot nope.json: no such file/);
    const other = await runPerfctl(['report', '--since', spec, '--db', db.url, '-f', spec], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/is not a perfctl snapshot/);
  });
});
