import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../helpers/cli.js';
import { findingsOf, section } from '../helpers/report.js';

/**
 * A real primary and a real streaming standby, made with pg_basebackup. The
 * embedded PostgreSQL ships no pg_basebackup, so this uses Debian's
 * PostgreSQL 15 binaries where they are installed (CI has them) and is
 * skipped elsewhere.
 */
const BIN = process.env.PERFCTL_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const available = ['initdb', 'pg_ctl', 'pg_basebackup'].every((b) => existsSync(join(BIN, b)));
const asRoot = process.getuid?.() === 0;

let dir: string;
const password = randomBytes(12).toString('hex');
let primary: { port: number; url: string } | undefined;
let standby: { port: number; url: string } | undefined;

function run(binary: string, args: string[]): void {
  const command = asRoot ? 'runuser' : join(BIN, binary);
  const argv = asRoot ? ['-u', 'postgres', '--', join(BIN, binary), ...args] : args;
  execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PGPASSWORD: password, LC_ALL: 'C' } });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function start(data: string, port: number): void {
  run('pg_ctl', ['-D', data, '-l', join(dir, `log-${port}`), '-w', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`, 'start']);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'perfctl-standby-'));
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot) chownSync(pwfile, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  run('initdb', ['-D', join(dir, 'primary'), '-U', 'postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
  rmSync(pwfile);
  const [p, s] = [await freePort(), await freePort()];
  start(join(dir, 'primary'), p);
  primary = { port: p, url: `postgres://postgres:${password}@127.0.0.1:${p}/postgres?sslmode=disable` };
  run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(p), '-U', 'postgres', '-D', join(dir, 'standby'), '-R', '-X', 'stream', '--no-sync']);
  start(join(dir, 'standby'), s);
  standby = { port: s, url: `postgres://postgres:${password}@127.0.0.1:${s}/postgres?sslmode=disable` };
  await until('the standby to stream', async () => (await query(primary!.url, `SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'`)).length === 1);
}, 180_000);

afterAll(() => {
  if (!dir) return;
  for (const name of ['standby', 'primary']) spawnSync(asRoot ? 'runuser' : join(BIN, 'pg_ctl'), [...(asRoot ? ['-u', 'postgres', '--', join(BIN, 'pg_ctl')] : []), '-D', join(dir, name), '-m', 'immediate', 'stop'], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('replication lag on a real standby (PostgreSQL 15 binaries)', () => {
  it('the primary reports the standby and the WAL it has received but not replayed, to a pg_monitor role', async () => {
    await query(primary!.url, `CREATE ROLE lag_monitor LOGIN PASSWORD '${password}' IN ROLE pg_monitor`);
    await query(standby!.url, 'SELECT pg_wal_replay_pause()');
    await query(primary!.url, `CREATE TABLE filler AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 20000) g`);
    const lsn = (await query<{ lsn: string }>(primary!.url, 'SELECT pg_current_wal_lsn()::text AS lsn'))[0]!.lsn;
    await until('the standby to flush the new WAL', async () => (await query(primary!.url, `SELECT 1 FROM pg_stat_replication WHERE flush_lsn >= '${lsn}'`)).length === 1);
    const result = await runPerfctl(['report', 'replication', '--json', '--db', `postgres://lag_monitor:${password}@127.0.0.1:${primary!.port}/postgres?sslmode=disable`]);
    expect(result.stderr).toBe('');
    const rows = section(JSON.parse(result.stdout), 'replication').rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ object: 'standby walreceiver (127.0.0.1)', kind: 'standby', state: 'streaming, async', flush_lag_bytes: 0 });
    expect(rows[0].lag_bytes).toBeGreaterThan(4_000_000);
    // A paused replay does not make replay_lag grow (it is measured when WAL is replayed), and 1 GB is
    // too much WAL for a test: the thresholds of replication-lag are tested on fixtures.
    expect(findingsOf(JSON.parse(result.stdout), 'replication-lag')).toEqual([]);
    await query(standby!.url, 'SELECT pg_wal_replay_resume()');
  });

  it('on the standby itself: says it is one, and measures from the WAL it replayed', async () => {
    const result = await runPerfctl(['report', 'replication', '--json', '--db', standby!.url]);
    expect(result.stderr).toBe('');
    const s = section(JSON.parse(result.stdout), 'replication');
    expect(s.problems).toEqual([]);
    expect(s.notes.join('\n')).toMatch(/this server is a standby/);
  });
});
