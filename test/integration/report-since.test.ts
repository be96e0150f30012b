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
  await workload(db.url, async (c) => {
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

    await workload(db.url, async (c) => {
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

  it('refuses a missing or foreign snapshot file with exit 2', async () => {
    const missing = await runPerfctl(['report', '--since', 'nope.json', '--db', db.url, '-f', spec], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the snapshot nope.json: no such file/);
    const other = await runPerfctl(['report', '--since', spec, '--db', db.url, '-f', spec], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/is not a perfctl snapshot/);
  });
});
