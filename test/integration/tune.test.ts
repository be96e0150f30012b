import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedServer } from '../../src/db/embedded.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runPerfctl } from '../helpers/cli.js';

interface Rec {
  id: string;
  severity: string;
  setting: string;
  current: string;
  proposed: string;
  restart: boolean;
  sql: string | null;
  evidence: Record<string, unknown>;
}

const tune = async (db: TestDatabase, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const run = await runPerfctl(['tune', '--db', db.url, '--json', ...args], { env });
  const doc = JSON.parse(run.stdout) as { recommendations: Rec[]; not_reviewed: Array<{ rule: string; reason: string }> };
  return { run, doc, rec: (id: string) => doc.recommendations.find((r) => r.id === id) };
};

describe('perfctl tune on a server with planted mis-settings', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('tune_bad');
    // Per-database settings: what an application's session of this database gets.
    await db.sql(`ALTER DATABASE "${db.name}" SET work_mem = '64kB'`);
    await db.sql(`ALTER DATABASE "${db.name}" SET random_page_cost = 4`);
    await db.sql('CREATE TABLE spill AS SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, 50000) g');
    // A sort that cannot fit in 64 kB writes a temp file each time; the counters are flushed when the session ends.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    for (let i = 0; i < 6; i++) await client.query('SELECT * FROM spill ORDER BY payload');
    await client.end();
    for (let i = 0; i < 50; i++) {
      const [row] = await db.sql<{ n: number }>('SELECT temp_files::int AS n FROM pg_stat_database WHERE datname = current_database()');
      if (row!.n >= 6) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => db?.drop());

  it('finds each one, with its evidence, and exits 1', async () => {
    const { run, doc, rec } = await tune(db, ['--memory', '64GB', '--cpus', '16', '--storage', 'ssd'], { DB_POOL_SIZE: '200', DB_MAX_OVERFLOW: '200' });
    expect(run.code, run.stderr).toBe(1);
    expect(rec('work-mem')).toMatchObject({ setting: 'work_mem', current: '64kB', restart: false, sql: expect.stringMatching(/^ALTER SYSTEM SET work_mem = '\d+(MB|kB)';$/) });
    expect(rec('work-mem')!.evidence.temp_files).toBeGreaterThanOrEqual(6);
    expect(rec('shared-buffers')).toMatchObject({ current: '128MB', proposed: '16GB', restart: true, sql: "ALTER SYSTEM SET shared_buffers = '16GB';" });
    expect(rec('random-page-cost')).toMatchObject({ current: '4', proposed: '1.1', severity: 'warning' });
    expect(rec('max-connections')).toMatchObject({ setting: 'max_connections', restart: true });
    expect(rec('max-connections')!.evidence).toMatchObject({ demand: 400 });
    expect(rec('connection-pooler')).toMatchObject({ sql: null });
  });

  it("reads jit as an application's session has it, not perfctl's own jit = off", async () => {
    await db.sql(`ALTER DATABASE "${db.name}" SET jit = on`);
    const { rec } = await tune(db, ['--workload', 'oltp']);
    expect(rec('jit')).toMatchObject({ current: 'on', proposed: 'off', severity: 'notice' });
  });

  it('prints a review that fits 80 columns and a script that only comments what it cannot run', async () => {
    const text = await runPerfctl(['tune', '--db', db.url, '--memory', '64GB', '--storage', 'ssd']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/shared_buffers\s+128MB\s+16GB\s+yes/);
    expect(text.stdout).toContain('Nothing was changed');
    for (const line of text.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    const sql = await runPerfctl(['tune', '--db', db.url, '--memory', '64GB', '--sql']);
    expect(sql.stdout).toContain("ALTER SYSTEM SET shared_buffers = '16GB';");
    expect(sql.stdout).toContain('SELECT pg_catalog.pg_reload_conf();');
    expect(sql.stdout).toMatch(/-- Then restart the server for: shared_buffers/);
    for (const line of sql.stdout.split('\n')) expect(line === '' || line.startsWith('--') || /^(ALTER|SELECT) /.test(line)).toBe(true);
  });

  it('never changes a setting', async () => {
    await runPerfctl(['tune', '--db', db.url, '--memory', '64GB']);
    const [row] = await db.sql<{ work_mem: string }>('SELECT current_setting(\'work_mem\') AS work_mem');
    expect(row!.work_mem).toBe('64kB');
  });
});

describe('perfctl tune on a well-tuned server', () => {
  // A server of its own: checkpoint and WAL counters are server-wide, and other test files write WAL on the shared one.
  // A 512 MB machine: 128 MB shared_buffers is its quarter; the rest set as pgtune would.
  let server: EmbeddedServer;
  let db: TestDatabase;
  beforeAll(async () => {
    server = await startEmbedded({ settings: { random_page_cost: '1.1', effective_io_concurrency: '200', effective_cache_size: '384MB', maintenance_work_mem: '32MB' } });
    db = { url: server.url, name: 'postgres', sql: async <R extends pg.QueryResultRow>(text: string) => {
      const c = new pg.Client({ connectionString: server.url });
      await c.connect();
      try {
        return (await c.query<R>(text)).rows;
      } finally {
        await c.end();
      }
    } } as TestDatabase;
  });
  afterAll(async () => server?.stop());

  it('recommends nothing and exits 0', async () => {
    const [sb] = await db.sql<{ v: string }>(`SELECT current_setting('shared_buffers') AS v`);
    const { run, doc } = await tune(db, ['--memory', '512MB', '--cpus', '2', '--storage', 'ssd'], { DB_POOL_SIZE: '5', DB_MAX_OVERFLOW: '5' });
    expect(sb!.v).toBe('128MB');
    expect(doc.recommendations, JSON.stringify(doc.recommendations, null, 2)).toEqual([]);
    // Server-wide counters are read too: a fresh server has no WAL pressure to report.
    expect(doc.not_reviewed.map((n) => n.rule)).not.toContain('checkpoints');
    expect(run.code).toBe(0);
    const text = await runPerfctl(['tune', '--db', db.url, '--memory', '512MB', '--storage', 'ssd'], { env: { DB_POOL_SIZE: '5', DB_MAX_OVERFLOW: '5' } });
    expect(text.stdout).toContain('✓ nothing to change');
  });

  it('says what it could not review and how to let it', async () => {
    const { doc } = await tune(db, ['--storage', 'ssd'], { DB_POOL_SIZE: '5', DB_MAX_OVERFLOW: '5' });
    // The test server runs on this host, so memory is detected rather than missing; the pool needs a window.
    expect(doc.not_reviewed.map((n) => n.rule)).toContain('pool');
  });

  it('rejects a bad flag with the flag named (exit 2)', async () => {
    const run = await runPerfctl(['tune', '--db', db.url, '--storage', 'floppy']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--storage floppy is not one of ssd, hdd, san');
  });
});
