import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runPerfctl } from '../helpers/cli.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('doctor');
});
afterAll(async () => db?.drop());

describe('perfctl doctor', () => {
  it('reports the server, the pool settings in force and what can run', async () => {
    const result = await runPerfctl(['doctor', '--json', '--db', db.url], { env: { DB_QUERY_TIMEOUT: '42' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.version).toBe(1);
    expect(doc.server.version_num).toBeGreaterThanOrEqual(130000);
    expect(doc.session_settings).toMatchObject({ application_name: 'perfctl/doctor', jit: 'off', statement_timeout: '42s', transaction_isolation: 'read committed' });
    expect(doc.pool).toMatchObject({ size: 10, max_overflow: 20, max: 30, query_timeout_ms: 42_000 });
    expect(doc.checks.find((c: { id: string }) => c.id === 'session-settings').status).toBe('ok');
    expect(doc.capabilities.map((c: { command: string }) => c.command)).toContain('indexes apply');
  });
});

describe('perfctl doctor reports what this server has', () => {
  it('finds pg_stat_statements and hypopg exactly as the catalog has them', async () => {
    const [facts] = await db.sql<{ preload: string; hypopg: boolean; pgss: boolean }>(
      `SELECT current_setting('shared_preload_libraries') AS preload,
              EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg') AS hypopg,
              EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') AS pgss`,
    );
    if (facts!.pgss) await db.sql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    if (facts!.hypopg) await db.sql('CREATE EXTENSION IF NOT EXISTS hypopg');
    const doc = JSON.parse((await runPerfctl(['doctor', '--json', '--db', db.url])).stdout);
    const check = (id: string) => doc.checks.find((c: { id: string }) => c.id === id);
    if (facts!.preload.includes('pg_stat_statements')) expect(check('pg-stat-statements')).toMatchObject({ status: 'ok', summary: expect.stringMatching(/pg_stat_statements [\d.]+ \(schema public\)/) });
    else expect(check('pg-stat-statements')).toMatchObject({ status: 'warn', fix: expect.stringMatching(/shared_preload_libraries/) });
    if (facts!.hypopg) expect(check('hypopg')).toMatchObject({ status: 'ok', summary: expect.stringMatching(/hypopg [\d.]+ installed/) });
    else expect(check('hypopg')).toMatchObject({ status: 'warn', summary: 'hypopg is not available on this server' });
    expect(doc.capabilities.find((c: { command: string }) => c.command === 'advise').ok).toBe(facts!.hypopg);
  });

  it('prints a readable report with what to do', async () => {
    const result = await runPerfctl(['doctor', '--db', db.url]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Connection\n  127\.0\.0\.1:\d+\/t_doctor\w+ as postgres \(from --db; sslmode=\w+, no TLS\)/);
    expect(result.stdout).toMatch(/Pool\n  size 10 \+ overflow 20 = max 30/);
    expect(result.stdout).toMatch(/✓ session settings in force: application_name=perfctl\/doctor, jit=off/);
    expect(result.stdout).toMatch(/Commands\n/);
    expect(result.stdout).not.toMatch(/\x1b\[/);
  });

  it('warns about a role that cannot read statistics and owns nothing', async () => {
    await db.sql(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'perfctl_plain') THEN CREATE ROLE perfctl_plain LOGIN PASSWORD 'plain-pw-1'; END IF; END $$`);
    await db.sql('CREATE TABLE IF NOT EXISTS owned_by_super (id int)');
    const u = new URL(db.url);
    u.username = 'perfctl_plain';
    u.password = 'plain-pw-1';
    const result = await runPerfctl(['doctor', '--json', '--db', u.toString()]);
    expect(result.stderr).toBe('');
    const doc = JSON.parse(result.stdout);
    expect(doc.role).toMatchObject({ name: 'perfctl_plain', superuser: false, pg_monitor: false });
    expect(doc.checks.find((c: { id: string }) => c.id === 'role')).toMatchObject({ status: 'warn', fix: 'GRANT pg_monitor TO perfctl_plain; (statistics and other users\' query texts)' });
    expect(doc.capabilities.find((c: { command: string }) => c.command === 'indexes apply')).toMatchObject({ ok: false, fix: expect.stringMatching(/owner/) });
  });
});
