import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { GATE_FUNCTION, buildInProgress, holdGate, waitFor } from '../helpers/indexes.js';

/**
 * The program users run: bin/perfctl loading the bundle in dist/bundle/ (built
 * by `npm test` and `npm install`), as a real process. The other tests run the
 * CLI in-process from the sources; these catch what only the bundle can break
 * (modules left outside it or in files of their own, paths found from its
 * location, ES modules loaded from CommonJS).
 */
const BIN = fileURLToPath(new URL('../../bin/perfctl', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function perfctl(args: string[], options: { cwd?: string; started?: (child: ChildProcess) => void; nodeArgs?: string[] } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
      cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'perfctl-cwd-')),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    options.started?.(child);
  });
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('shipped');
  await db.sql(`CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
    INSERT INTO accounts SELECT g, 'a' || g || '@example.com' FROM generate_series(1, 2000) g; ANALYZE accounts;`);
});
afterAll(async () => db?.drop());

describe('bin/perfctl, the bundled program', () => {
  it('prints the package version and lists the commands', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await perfctl(['--version']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(version);
    const help = await perfctl(['--help']);
    expect(help.stdout).toMatch(/indexes[\s\S]*explain[\s\S]*report[\s\S]*check/);
  });

  it('validates the example spec shipped with the package (parsed with libpg-query from node_modules)', async () => {
    const run = await perfctl(['validate', '-f', join(ROOT, 'indexes.yaml')]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('plans, applies and explains against a real server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-spec-'));
    writeFileSync(join(dir, 'indexes.yaml'), `version: 1\nindexes:\n  - { name: idx_accounts_lower_email, table: accounts, columns: [{ expression: "lower(email)" }] }\n`);
    const plan = await perfctl(['indexes', 'plan', '--db', db.url, '--exit-code'], { cwd: dir });
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('CREATE INDEX CONCURRENTLY');
    const apply = await perfctl(['indexes', 'apply', '--db', db.url, '--yes'], { cwd: dir });
    expect(apply.code, apply.stderr).toBe(0);
    const explain = await perfctl(['explain', '--db', db.url, '--json', "SELECT * FROM accounts WHERE lower(email) = 'a42@example.com'"]);
    expect(explain.code, explain.stderr).toBe(0);
    const doc = JSON.parse(explain.stdout) as { summary: { execution_ms: number }; plan: unknown };
    expect(JSON.stringify(doc.plan)).toContain('idx_accounts_lower_email');
  });

  it('loads a dependency only when a command needs it: --version loads nothing beside the bundle, validate the YAML parser', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-probe-'));
    const probe = join(dir, 'probe.mjs');
    // The CommonJS module cache at exit: every file the bundle required (its vendor files, pg, libpg-query).
    writeFileSync(probe, `import { createRequire } from 'node:module';\nconst cache = createRequire(import.meta.url).cache;\nprocess.on('exit', () => process.stderr.write(\`loaded: \${JSON.stringify(Object.keys(cache).map((p) => p.split(/[\\\\/]/).slice(-2).join('/')))}\\n\`));\n`);
    const version = await perfctl(['--version'], { nodeArgs: ['--import', probe] });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stderr).toContain('loaded: ["bin/perfctl","bundle/main.cjs"]');
    const validate = await perfctl(['validate', '-f', join(ROOT, 'indexes.yaml')], { nodeArgs: ['--import', probe] });
    expect(validate.code, validate.stderr).toBe(0);
    const loaded = JSON.parse(/loaded: (.*)/.exec(validate.stderr)![1]!) as string[];
    expect(loaded).toContain('vendor/yaml.cjs');
  });

  // `script` gives the run a terminal, so apply shows its live view (Ink, loaded from its own file).
  it.skipIf(spawnSync('script', ['--version']).status !== 0)('shows the live view of apply in a terminal, then the summary table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-tty-'));
    writeFileSync(join(dir, 'indexes.yaml'), `version: 1\nindexes:\n  - { name: idx_accounts_email_tty, table: accounts, columns: [email] }\n`);
    const command = [process.execPath, BIN, 'indexes', 'apply', '--db', db.url, '--yes'].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm' }, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stdout).toBe(0);
    const screen = run.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    expect(screen).toMatch(/create public\.idx_accounts_email_tty done in/);
    expect(screen).toMatch(/│ create │ idx_accounts_email_tty │/);
    expect((await db.sql(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'idx_accounts_email_tty'`))[0]).toEqual({ n: 1 });
  });

  it('killed with SIGKILL mid-build: the next apply sees the orphaned build, never starts a second one, and converges once it ends', async () => {
    await db.sql(GATE_FUNCTION);
    await db.sql(`CREATE TABLE orphans (id int); INSERT INTO orphans SELECT g FROM generate_series(1, 20) g;`);
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-spec-'));
    writeFileSync(join(dir, 'indexes.yaml'), 'version: 1\nindexes:\n  - { name: idx_orphans_gate, table: orphans, columns: [{ expression: "public.gate(id, 7301)" }] }\n');
    const gate = await holdGate(db, 7301);
    try {
      let child: ChildProcess | undefined;
      const killed = perfctl(['indexes', 'apply', '--db', db.url, '--yes'], { cwd: dir, started: (c) => (child = c) });
      const build = await buildInProgress(db, 'building index', 'orphans');
      child!.kill('SIGKILL');
      expect((await killed).signal).toBe('SIGKILL');
      // The server goes on building for a client that is gone: the next apply must leave it alone.
      const next = await perfctl(['indexes', 'apply', '--db', db.url, '--yes'], { cwd: dir });
      expect(next.code).toBe(1);
      expect(next.stderr + next.stdout).toContain(`pid ${build.pid}`);
      expect(await db.sql(`SELECT count(*)::int AS n FROM pg_stat_progress_create_index WHERE relid = 'orphans'::regclass`)).toEqual([{ n: 1 }]);
    } finally {
      await gate.release();
    }
    // The orphaned build finishes (valid) or fails (INVALID); either way the next apply converges.
    await waitFor(async () => (await db.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_progress_create_index WHERE relid = 'orphans'::regclass`))[0]!.n === 0, 15_000, 'the orphaned build to end');
    const final = await perfctl(['indexes', 'apply', '--db', db.url, '--yes'], { cwd: dir });
    expect(final.code, final.stderr).toBe(0);
    const plan = await perfctl(['indexes', 'plan', '--db', db.url, '--exit-code'], { cwd: dir });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(await db.sql(`SELECT count(*)::int AS n FROM pg_index WHERE indrelid = 'orphans'::regclass`)).toEqual([{ n: 1 }]);
  });

  it('exits 130 on Ctrl-C during a statement, and the statement is cancelled on the server', async () => {
    let child: ChildProcess | undefined;
    const running = perfctl(['explain', '--db', db.url, 'SELECT pg_sleep(30)'], { started: (c) => (child = c) });
    const sleeping = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'perfctl/explain' AND query LIKE '%pg_sleep(30)%' AND state = 'active'`;
    await waitFor(async () => (await db.sql<{ n: number }>(sleeping))[0]!.n > 0, 15_000, 'the explain to be running');
    child!.kill('SIGINT');
    const run = await running;
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('interrupted');
    await waitFor(async () => (await db.sql<{ n: number }>(sleeping))[0]!.n === 0, 5_000, 'the statement to be cancelled');
  });
});
