import { createServer, Socket, type Server } from 'node:net';
import { inspect } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/pool.js';
import { resolvePoolSettings } from '../../src/db/settings.js';
import { resolveTarget } from '../../src/db/target.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runPerfctl } from '../helpers/cli.js';

const CANARY = 'canary-Pa55-7f3d9';
let db: TestDatabase;
let blackHole: Server;
let blackHolePort: number;
const sockets: Socket[] = [];

function open(url: string, env: NodeJS.ProcessEnv = {}, log?: (m: string) => void): Database {
  return new Database(resolveTarget({ flag: url, env: {} }), resolvePoolSettings(undefined, env), 'perfctl/test', log);
}

function withPassword(url: string, user: string, password: string, database?: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

beforeAll(async () => {
  db = await createTestDatabase('conn');
  await db.sql(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'perfctl_limited') THEN CREATE ROLE perfctl_limited LOGIN CONNECTION LIMIT 0 PASSWORD '${CANARY}'; END IF;
  END $$`);
  // A host that accepts TCP connections and never says a word.
  blackHole = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  blackHolePort = (blackHole.address() as { port: number }).port;
});
afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  blackHole?.close();
  await db?.drop();
});

describe('the tuned pool', () => {
  it('has the configured settings in force on every pooled connection', async () => {
    const database = open(db.url, { DB_QUERY_TIMEOUT: '7', DB_POOL_SIZE: '3', DB_MAX_OVERFLOW: '2' });
    try {
      const clients = await Promise.all(Array.from({ length: 5 }, () => database.connect()));
      const seen = await Promise.all(
        clients.map(async (c) => (await c.query(`SELECT current_setting('application_name') a, current_setting('jit') j, current_setting('statement_timeout') s,
          current_setting('lock_timeout') l, current_setting('idle_in_transaction_session_timeout') i, current_setting('transaction_isolation') t, pg_backend_pid() pid`)).rows[0]),
      );
      clients.forEach((c) => c.release());
      expect(new Set(seen.map((r) => r.pid)).size).toBe(5);
      for (const row of seen) expect(row).toMatchObject({ a: 'perfctl/test', j: 'off', s: '7s', l: '5s', i: '1min', t: 'read committed' });
      expect(database.pool.options.max).toBe(5);
    } finally {
      await database.close();
    }
  });

  it('survives idle connections being terminated', async () => {
    const logs: string[] = [];
    const database = open(db.url, {}, (m) => logs.push(m));
    try {
      const pid = (await database.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
      await db.sql('SELECT pg_terminate_backend($1)', [pid]);
      await new Promise((r) => setTimeout(r, 100));
      const next = (await database.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
      expect(next).not.toBe(pid);
      expect(logs.join('\n')).toMatch(/idle connection lost/);
    } finally {
      await database.close();
    }
  });

  it('turns a backend killed mid-query into a clear error, then recovers', async () => {
    const database = open(db.url);
    try {
      // Settle into a value at once, so the rejection is never unhandled while we kill the backend.
      const running = database.query("SELECT pg_sleep(5), 'busy' AS tag").then(() => undefined, (error: unknown) => error);
      await new Promise((r) => setTimeout(r, 200));
      await db.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'perfctl/test' AND query LIKE '%busy%' AND pid <> pg_backend_pid()");
      expect(await running).toMatchObject({ exitCode: 3, message: expect.stringMatching(/lost the connection/) });
      expect(await database.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });

  it('enforces statement_timeout from DB_QUERY_TIMEOUT', async () => {
    const database = open(db.url, { DB_QUERY_TIMEOUT: '0.3' });
    try {
      await expect(database.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ details: expect.objectContaining({ code: '57014' }) });
    } finally {
      await database.close();
    }
  });

  it('names the pool size when it is exhausted', async () => {
    const database = open(db.url, { DB_POOL_SIZE: '1', DB_MAX_OVERFLOW: '0', DB_POOL_TIMEOUT: '0.3' });
    try {
      const held = await database.connect();
      await expect(database.query('SELECT 1')).rejects.toThrow(/no free connection to .* within 0.3s: all 1 are in use \(pool size 1 \+ overflow 0, \d+ waiting\)/);
      held.release();
    } finally {
      await database.close();
    }
  });

  it('recycles connections after the recycle time', async () => {
    const database = open(db.url, { DB_POOL_RECYCLE: '0.5' });
    try {
      const pid = (await database.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
      await new Promise((r) => setTimeout(r, 800));
      const next = (await database.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
      expect(next).not.toBe(pid);
    } finally {
      await database.close();
    }
  });

  it('gives up on a half-open socket and never reuses that client', async () => {
    // A loopback proxy that forwards until told to go silent, as a dropped NAT mapping would.
    const target = new URL(db.url);
    let silent = false;
    const pairs: Socket[] = [];
    const proxy = createServer((inbound) => {
      const outbound = new Socket();
      pairs.push(inbound, outbound);
      outbound.connect(Number(target.port), target.hostname);
      inbound.on('data', (d) => !silent && outbound.write(d));
      outbound.on('data', (d) => !silent && inbound.write(d));
      inbound.on('error', () => undefined);
      outbound.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const via = new URL(db.url);
    via.port = String((proxy.address() as { port: number }).port);
    const database = open(via.toString(), { DB_QUERY_TIMEOUT: '0.2' });
    try {
      expect(await database.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      silent = true;
      const started = performance.now();
      await expect(database.query('SELECT 2')).rejects.toThrow(/no answer from the server within the query timeout; the connection was dropped/);
      // statement_timeout never reaches the server here; the client-side backstop (+5 s) must fire.
      expect(performance.now() - started).toBeLessThan(8_000);
      expect(database.pool.totalCount).toBe(0);
    } finally {
      await database.close();
      pairs.forEach((s) => s.destroy());
      proxy.close();
    }
  }, 20_000);

  it('keeps the password out of the pool object', async () => {
    const database = open(withPassword(db.url, 'postgres', CANARY));
    try {
      expect(inspect(database.pool, { depth: 6 })).not.toContain(CANARY);
    } finally {
      await database.close();
    }
  });
});

describe('cannot connect: one line, exit 3, no password anywhere', () => {
  const cases = (): Array<{ name: string; args: string[]; env?: NodeJS.ProcessEnv; message: RegExp }> => {
    const badPassword = withPassword(db.url, 'postgres', CANARY);
    const u = new URL(db.url);
    return [
      { name: 'wrong password in --db', args: ['--db', badPassword], message: /cannot connect to 127\.0\.0\.1:\d+\/t_conn\w+: authentication failed for user "postgres"/ },
      { name: 'wrong password in DATABASE_URL', args: [], env: { DATABASE_URL: badPassword }, message: /authentication failed/ },
      { name: 'wrong PGPASSWORD', args: [], env: { PGHOST: u.hostname, PGPORT: u.port, PGUSER: 'postgres', PGDATABASE: db.name, PGPASSWORD: CANARY, PGSSLMODE: 'disable' }, message: /authentication failed/ },
      { name: 'unknown database', args: ['--db', withPassword(db.url, u.username, decodeURIComponent(u.password), 'no_such_db')], message: /no_such_db: database does not exist/ },
      { name: 'refused port', args: ['--db', `postgres://ada:${CANARY}@127.0.0.1:1/app`], message: /cannot connect to 127\.0\.0\.1:1\/app: connection refused/ },
      { name: 'silent host', args: ['--db', `postgres://ada:${CANARY}@127.0.0.1:${blackHolePort}/app?sslmode=disable`], env: { PGCONNECT_TIMEOUT: '1' }, message: /timed out after 1s/ },
      { name: 'role connection limit', args: ['--db', withPassword(db.url, 'perfctl_limited', CANARY)], message: /too many connections/ },
      { name: 'unparseable URL', args: ['--db', `postgres://ada:${CANARY}@[oops`], message: /not a valid URL/ },
    ];
  };

  it.each([0, 1, 2, 3, 4, 5, 6, 7])('case %i', async (i) => {
    const c = cases()[i]!;
    for (const extra of [[], ['--verbose'], ['--json']]) {
      const started = performance.now();
      const result = await runPerfctl(['doctor', ...extra, ...c.args], { env: c.env });
      expect(result.code, c.name).toBe(c.message.source.includes('valid URL') ? 2 : 3);
      expect(result.stderr, c.name).toMatch(c.message);
      expect(result.stdout + result.stderr, c.name).not.toContain(CANARY);
      expect(result.stdout + result.stderr, c.name).not.toContain(encodeURIComponent(CANARY));
      if (extra[0] === '--json') expect(JSON.parse(result.stdout).error.code, c.name).toMatch(/cannot-connect|usage/);
      expect(performance.now() - started, c.name).toBeLessThan(5_000);
    }
  });

  it('never prints the password from the spec URL either', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-spec-'));
    writeFileSync(join(dir, 'indexes.yaml'), `version: 1\ndatabase:\n  url: postgres://ada:\${SECRET}@127.0.0.1:1/app\n`);
    const result = await runPerfctl(['doctor', '--verbose'], { cwd: dir, env: { SECRET: CANARY } });
    expect(result.code).toBe(3);
    expect(result.stdout + result.stderr).not.toContain(CANARY);
  });
});

describe('sslmode=prefer against a server without TLS', () => {
  it('falls back to plain connections everywhere: the pool under parallel connects, DDL sessions and the apply lock', async (ctx) => {
    if ((await db.sql<{ ssl: string }>('SHOW ssl'))[0]!.ssl === 'on') ctx.skip();
    await db.sql(`CREATE TABLE prefer_a (id int); CREATE TABLE prefer_b (id int)`);
    const url = new URL(db.url);
    url.searchParams.set('sslmode', 'prefer');
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-spec-'));
    const file = join(dir, 'indexes.yaml');
    writeFileSync(file, 'version: 1\nindexes:\n  - { table: prefer_a, columns: [id] }\n  - { table: prefer_b, columns: [id] }\n');
    // check reads readiness, catalog and facts over several pooled connections at once.
    const before = await runPerfctl(['check', '-f', file, '--db', url.toString()]);
    expect(before.stderr).not.toContain('does not support TLS');
    expect(before.code, before.stderr).toBe(1);
    const apply = await runPerfctl(['indexes', 'apply', '-f', file, '--db', url.toString(), '--yes', '--concurrency', '2']);
    expect(apply.code, apply.stderr).toBe(0);
    const after = await runPerfctl(['check', '-f', file, '--db', url.toString()]);
    expect(after.code, after.stdout + after.stderr).toBe(0);
  });
});

describe('a bad spec stops every command before it connects', () => {
  it('exits 2 from validate and from doctor with file:line:column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-spec-'));
    writeFileSync(join(dir, 'indexes.yaml'), 'version: 1\ndatabase: { url: "postgres://127.0.0.1:1/app" }\nindexes:\n  - table: users\n    colums: [email]\n');
    for (const command of ['validate', 'doctor']) {
      const result = await runPerfctl([command], { cwd: dir });
      expect(result.code, command).toBe(2);
      expect(result.stderr, command).toMatch(/indexes\.yaml:5:5: indexes\[0\]\.colums: unknown key "colums"; did you mean "columns"\?/);
      expect(result.stderr, command).not.toMatch(/connection refused/);
    }
  });
});
