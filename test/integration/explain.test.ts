import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCreateIndex } from '../../src/core/sql.js';
import { worldSql } from '../../src/demo/world.js';
import { loadSpec } from '../../src/spec/load.js';
import { displayWidth } from '../../src/util/width.js';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { needs } from '../helpers/roles.js';

const SPEC = new URL('../../indexes.yaml', import.meta.url).pathname;
let db: TestDatabase;
let work: string;
const explain = (args: string[], options: { stdin?: string } = {}) => runPerfctl(['explain', '--db', db.url, ...args], options);

/** Another session, named 'row-holder', holding a row lock on roles inside an open transaction. */
async function holdRowLock(id: number) {
  const adversary = await db.client();
  await adversary.query("SET application_name = 'row-holder'");
  await adversary.query('BEGIN');
  await adversary.query('SELECT * FROM roles WHERE id = $1 FOR UPDATE', [id]);
  return adversary;
}
const count = async (table: string) => Number((await db.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

beforeAll(async () => {
  db = await createTestDatabase('explain');
  work = mkdtempSync(join(tmpdir(), 'perfctl-explain-'));
  for (const part of worldSql({ users: 20_000, projects: 40_000 })) await db.sql(part.sql);
  await db.sql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
});
afterAll(async () => db?.drop());

describe('perfctl explain: the data never changes', () => {
  it('names the session that holds the lock when the statement is cancelled waiting for it', async (ctx) => {
    needs(ctx, 'write', 'the UPDATE must reach the row lock');
    const adversary = await holdRowLock(1);
    try {
      const result = await explain(['--allow-dml', '--timeout', '1s', "UPDATE roles SET name = 'owner' WHERE id = 1"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cancelled while waiting for a lock \(blocked by pid \d+ \('row-holder', idle in transaction, transaction open \d+s\)\); nothing was changed/);
      expect(result.stderr).toMatch(/hint: Try again once that session has committed or rolled back/);
    } finally {
      await adversary.query('ROLLBACK');
    }
  });

  it('names the session that holds the lock when lock_timeout fires first', async (ctx) => {
    needs(ctx, 'write', 'the UPDATE must reach the row lock');
    const adversary = await holdRowLock(2);
    try {
      // lock_timeout is the statement timeout capped at 5 s, so a 6 s timeout lets the lock wait end first.
      const result = await explain(['--allow-dml', '--timeout', '6s', "UPDATE roles SET name = 'admin' WHERE id = 2"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/waited longer than lock_timeout \(5s\) for a lock: .*; blocked by pid \d+ \('row-holder', idle in transaction/);
    } finally {
      await adversary.query('ROLLBACK');
    }
  });

  it('runs a DELETE with --allow-dml in a transaction that is rolled back, and refuses it without', async (ctx) => {
    needs(ctx, 'write', 'EXPLAIN ANALYZE of a DELETE runs it');
    const before = await count('team_memberships');
    const refused = await explain(['DELETE FROM team_memberships WHERE role_id = 2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refused without --allow-dml');

    const result = await explain(['--allow-dml', '--json', 'DELETE FROM team_memberships WHERE role_id = 2']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.plan.operation).toBe('ModifyTable (Delete)');
    expect(doc.plan.children[0].rows.actual).toBeGreaterThan(1000);
    expect(doc.notes).toContain('DELETE ran inside a transaction that was rolled back');
    expect(result.stderr).toContain('triggers fire for real');
    expect(await count('team_memberships')).toBe(before);
  });

  it('lets a data-modifying CTE fail safely in the READ ONLY transaction', async () => {
    const before = await count('roles');
    const result = await explain(['--json', 'WITH gone AS (DELETE FROM roles RETURNING *) SELECT count(*) FROM gone']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.error.code).toBe('explain-writes-refused');
    expect(doc.error.details.code).toBe('25006');
    expect(doc.error.message).toContain('data-modifying CTE');
    expect(await count('roles')).toBe(before);
  });

  it('refuses several statements before anything reaches the server', async () => {
    // Only this database's entries: report.test.ts reads its own from the same server, possibly at the same time.
    await db.sql('SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)');
    const result = await explain(['SELECT 424242 AS perfctl_marker; DROP TABLE roles CASCADE']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2 statements given');
    expect(await count('roles')).toBe(4);
    const seen = await db.sql(`SELECT query FROM pg_stat_statements WHERE query ILIKE '%perfctl_marker%' OR query ILIKE '%DROP TABLE roles%'`);
    expect(seen).toEqual([]);
    // Not even a connection is needed to refuse it.
    const offline = await runPerfctl(['explain', '--db', 'postgres://nobody@127.0.0.1:1/none', 'SELECT 1; SELECT 2']);
    expect(offline.code).toBe(2);
    expect(offline.stderr).not.toContain('cannot connect');
  });

  it('refuses transaction control and utility statements', async () => {
    for (const sql of ['COMMIT', 'VACUUM users', 'SET work_mem = 1', 'CREATE TABLE x (a int)', 'EXPLAIN SELECT 1']) {
      const result = await explain([sql]);
      expect(result.code, sql).toBe(2);
      expect(result.stderr, sql).toMatch(/refused|already an EXPLAIN/);
    }
  });

  it('cancels a statement at the timeout, reports it, shows the estimate-only plan and exits 1', async () => {
    const started = Date.now();
    const result = await explain(['--timeout', '500ms', 'SELECT pg_sleep(5)']);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('longer than the 0.5s timeout');
    expect(result.stdout).toContain('estimates only, not executed');
    expect(result.stdout).toContain('Result');
  });

  it('cancels the running statement on the server when interrupted', async () => {
    const controller = new AbortController();
    const running = runPerfctl(['explain', '--db', db.url, 'SELECT pg_sleep(20), 77002'], { signal: controller.signal });
    const active = () => db.sql(`SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(20), 77002%' AND pid <> pg_backend_pid()`);
    for (let i = 0; i < 100 && (await active()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await active()).length).toBe(1);
    controller.abort();
    expect((await running).code).toBe(130);
    for (let i = 0; i < 40 && (await active()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await active()).toEqual([]);
  });

  it('does not leave session state behind: a session advisory lock dies with the discarded connection', async () => {
    const result = await explain(['SELECT pg_advisory_lock(77001)']);
    expect(result.code).toBe(0);
    let held: unknown[] = [];
    for (let i = 0; i < 50; i++) {
      held = await db.sql(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 77001`);
      if (held.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(held).toEqual([]);
  });
});

describe('perfctl explain: errors point at the SQL', () => {
  it('puts a caret under a syntax error found by the parser, before sending', async () => {
    const result = await explain(['SELECT id\n  FROM users\n WHERE id = 1 ORDER BY id LIMT 5']);
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n');
    const at = lines.findIndex((l) => l.startsWith('LINE 3: '));
    expect(lines[0]).toContain('syntax error at or near "LIMT"');
    expect(lines[at + 1]!.indexOf('^')).toBe(lines[at]!.indexOf('LIMT'));
  });

  it('puts a caret under the position PostgreSQL reports', async () => {
    const result = await explain(['SELECT id FROM users WHERE emial = $1', '--param', 'x']);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toContain('column "emial" does not exist');
    expect(lines[2]!.indexOf('^')).toBe(lines[1]!.indexOf('emial'));
  });

  it('asks for as many --param values as $n', async () => {
    const result = await explain(['SELECT * FROM users WHERE id = $1 AND email = $2', '--param', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('uses $1..$2 but 1 value was given');
  });
});

describe('perfctl explain: plans and findings', () => {
  it('finds the sequential scan before the spec indexes exist, and the index scan after', async () => {
    const env = { DATABASE_URL: db.url };
    const before = await runPerfctl(['explain', '-f', SPEC, '--query', 'user_by_email', '--json', '--save', join(work, 'before.json')], { env });
    expect(before.code).toBe(0);
    const doc = JSON.parse(before.stdout);
    expect(doc.version).toBe(1);
    expect(doc.label).toBe('user_by_email');
    expect(doc.params).toEqual(['user4242@example.com']);
    const seq = doc.findings.find((f: { rule: string }) => f.rule === 'seq-scan-filter');
    expect(seq.evidence.index_columns).toEqual(['email', 'is_active']);
    expect(seq.node).toBe('Seq Scan on users');
    expect(doc.plan.time_ms.inclusive).toBeGreaterThan(0);

    const spec = await loadSpec(SPEC);
    for (const index of spec.indexes) await db.sql(renderCreateIndex(index, { concurrently: false }));
    await db.sql('ANALYZE users, projects');

    const after = await runPerfctl(['explain', '-f', SPEC, '--query', 'user_by_email', '--compare', join(work, 'before.json')], { env });
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('Index Scan using idx_users_email_active on users');
    expect(after.stdout).toContain('✓ no findings');
    expect(after.stdout).toMatch(/better.*users: Seq Scan on users → Index Scan using idx_users_email_active on users/);
    expect(after.stdout).toContain('resolved: seq-scan-filter');
  });

  it('gives the generic plan for $n without values and says so, on every supported server', async () => {
    const result = await explain(['--json', 'SELECT * FROM users WHERE id = $1']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.mode).toBe('generic');
    expect(doc.plan.time_ms).toBeNull();
    expect(doc.notes.join(' ')).toContain('the generic plan');
    expect(JSON.stringify(doc.plan)).toContain('$1');
  });

  it('reads the statement from stdin and reports table statistics', async () => {
    const result = await explain(['--json', '-'], { stdin: 'SELECT count(*) FROM projects WHERE status = \'paused\';\n' });
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.tables.map((t: { table: string }) => t.table)).toContain('public.projects');
  });

  it('finds stale statistics from the server counters: rows changed since the last ANALYZE', async () => {
    // Separate transactions: counters are flushed at commit, so ANALYZE must come after the first INSERT's.
    await db.sql(`CREATE TABLE ledger (id int, amount int) WITH (autovacuum_enabled = false); INSERT INTO ledger SELECT g, g FROM generate_series(1, 2000) g`);
    await db.sql('ANALYZE ledger');
    await db.sql('INSERT INTO ledger SELECT g, g FROM generate_series(2001, 6000) g');
    const result = await explain(['--json', 'SELECT count(*) FROM ledger WHERE amount > 10']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    const table = doc.tables.find((t: { table: string }) => t.table === 'public.ledger');
    expect(table).toMatchObject({ planner_rows: 2000, changes_since_analyze: 4000 });
    expect(table.live_rows).toBeGreaterThanOrEqual(6000);
    expect(table.last_analyze).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d/);
    const finding = doc.findings.find((f: { rule: string }) => f.rule === 'stale-stats');
    expect(finding.message).toContain('public.ledger: 4,000 rows changed since the last ANALYZE');
  });

  it('explains every spec query with a summary table', async () => {
    const result = await runPerfctl(['explain', '-f', SPEC, '--all'], { env: { DATABASE_URL: db.url } });
    expect(result.code).toBe(0);
    for (const name of ['user_by_email', 'newest_users', 'users_named', 'recent_projects', 'paused_projects']) expect(result.stdout).toContain(name);
    expect(result.stdout).toMatch(/query\s+│\s+time/);
    for (const columns of [80, 120]) {
      const fitted = await runPerfctl(['explain', '-f', SPEC, '--all', '--no-color'], { env: { DATABASE_URL: db.url }, columns });
      expect(fitted.stdout.split('\n').filter((l) => displayWidth(l) > columns)).toEqual([]);
      expect(fitted.stdout).toMatch(/│ recent_projects +│/);
    }
  });

  it('analyses a saved plan offline, without any database', async () => {
    const path = join(work, 'before.json');
    const fromSave = await runPerfctl(['explain', '--plan', path]);
    expect(fromSave.code).toBe(0);
    expect(fromSave.stdout).toContain('seq-scan-filter');
    const raw = JSON.stringify(JSON.parse(readFileSync(path, 'utf8')).postgres_explain);
    writeFileSync(join(work, 'raw.json'), raw);
    const fromRaw = await runPerfctl(['explain', '--plan', join(work, 'raw.json'), '--json']);
    expect(JSON.parse(fromRaw.stdout).mode).toBe('file');
  });
});
