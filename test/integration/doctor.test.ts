import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, withLogin, type TestDatabase } from '../helpers/db.js';
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
    expect(result.stdout).toMatch(new RegExp(`^Connection\n  127\\.0\\.0\\.1:\\d+/t_doctor\\w+ as ${db.user} \\(from --db; sslmode=\\w+, no TLS\\)`));
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

describe('doctor says a command can run exactly when it does', () => {
  const spec = `version: 1
indexes:
  - { name: idx_ledger_account, table: ledger, columns: [account_id] }
  - { name: idx_ledger_note, table: ledger, columns: [{ expression: "lower(note)" }] }
queries:
  - name: by_account
    sql: SELECT * FROM ledger WHERE account_id = 7
`;
  const can = (doc: { capabilities: Array<{ command: string; ok: boolean; fix?: string }> }, command: string) => doc.capabilities.find((c) => c.command === command)!;

  it('for the role of this pass, and for a role that may not read the spec\'s tables, until it may', async () => {
    await db.sql(`CREATE TABLE ledger (id int PRIMARY KEY, account_id int, note text);
      INSERT INTO ledger SELECT g, g % 50, 'n' || g FROM generate_series(1, 500) g;
      CREATE INDEX idx_ledger_account ON ledger (account_id); CREATE INDEX idx_ledger_note ON ledger (lower(note)); ANALYZE ledger`);
    const role = { name: `perfctl_noread_${process.pid}`, password: 'noread-pw-1' };
    await db.sql(`CREATE ROLE ${role.name} LOGIN PASSWORD '${role.password}'`);
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-doctor-'));
    writeFileSync(join(dir, 'indexes.yaml'), spec);
    const run = (cmd: string[], url: string) => runPerfctl([...cmd, '--db', url], { cwd: dir });
    const agree = async (url: string) => {
      const doc = JSON.parse((await run(['doctor', '--json'], url)).stdout);
      const [check, plan, explain] = await Promise.all([run(['check', '--json'], url), run(['indexes', 'plan'], url), run(['explain', '--query', 'by_account'], url)]);
      expect(can(doc, 'check').ok, check.stderr).toBe(check.code !== 3);
      expect(can(doc, 'indexes plan').ok, plan.stderr).toBe(plan.code !== 3);
      expect(can(doc, 'explain').ok, explain.stderr).toBe(explain.code !== 3);
      return { doc, check };
    };
    try {
      const mine = await agree(db.url);
      expect(can(mine.doc, 'check')).toEqual({ command: 'check', ok: true });
      expect(mine.check.code, mine.check.stderr).toBe(0);

      const denied = await agree(withLogin(db.url, role));
      expect(can(denied.doc, 'check').fix).toMatch(new RegExp(`permission denied for table ledger; GRANT SELECT ON the spec's tables TO ${role.name}`));
      expect(denied.check.stderr).toContain('permission denied for table ledger');

      await db.sql(`GRANT SELECT ON ledger TO ${role.name}`);
      const granted = await agree(withLogin(db.url, role));
      expect(can(granted.doc, 'check').ok).toBe(true);
      // Not the owner: the expression's statistics are hidden from it, so check does not claim they are missing.
      expect(granted.check.code, granted.check.stderr).toBe(0);
      expect(can(granted.doc, 'indexes apply')).toMatchObject({ ok: false, fix: expect.stringMatching(/owner/) });
    } finally {
      await db.sql(`DROP TABLE ledger; DROP OWNED BY ${role.name}; DROP ROLE ${role.name}`);
    }
  });
});
