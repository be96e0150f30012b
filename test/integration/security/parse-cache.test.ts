import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../../src/cli/version.js';
import { runPerfctl } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { writeSpec } from '../../helpers/spec.js';

/**
 * Earlier versions kept what the parser accepted in ~/.cache/perfctl and
 * trusted it on the next run. Anyone who can write that directory (a CI
 * cache, a shared home) plants entries for the spec's expression and for a
 * statement; nothing planted may run.
 */
let db: TestDatabase;
let cacheDir: string;
const saved = { PERFCTL_CACHE_DIR: process.env.PERFCTL_CACHE_DIR, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };

function packageVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return `${pkg.version}`;
    } catch {
      /* upwards */
    }
    dir = dirname(dir);
  }
}

/** The key the old cache used: a hash of the versions, the kind and the exact text. */
function key(kind: string, text: string): string {
  const versions = [VERSION, packageVersion('libpg-query'), packageVersion('pgsql-deparser')].join('/');
  return createHash('sha256').update(`${versions}\0${kind}\0${text}`).digest('hex');
}

const count = async () => Number((await db.sql<{ n: string }>('SELECT count(*) AS n FROM public.victims'))[0]!.n);
const canary = async () => (await db.sql('SELECT 1 FROM pg_catalog.pg_class WHERE relname = $1', ['canary'])).length === 1;

beforeAll(async () => {
  db = await createTestDatabase('sec_cache');
  await db.sql('CREATE TABLE victims (id int PRIMARY KEY, v text); INSERT INTO victims SELECT g, g::text FROM generate_series(1, 50) g');
  await db.sql('CREATE TABLE canary (id int)');
  await db.sql('CREATE EXTENSION IF NOT EXISTS dblink');
  const home = mkdtempSync(join(tmpdir(), 'perfctl-poison-'));
  cacheDir = join(home, 'perfctl');
  mkdirSync(cacheDir, { recursive: true });
  // Both the variable and the default place, so whichever a version reads is poisoned.
  process.env.PERFCTL_CACHE_DIR = cacheDir;
  process.env.XDG_CACHE_HOME = home;
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await db?.drop();
});

describe('a poisoned parse cache supplies no SQL and no verdict', () => {
  it('indexes plan and apply: a planted expression does not reach the server', async () => {
    const escape = 'lower(v))); COMMIT; DROP TABLE public.canary; BEGIN; SELECT ((1';
    writeFileSync(join(cacheDir, 'fragments-v1.json'), JSON.stringify({ [key('expression', 'lower(v)')]: escape }));
    const spec = writeSpec(['version: 1', 'indexes:', '  - { name: victims_lower_v, table: victims, columns: [{ expression: "lower(v)" }] }', ''].join('\n'));
    const plan = await runPerfctl(['indexes', 'plan', '-f', spec, '--db', db.url, '--sql']);
    expect(await canary()).toBe(true);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).not.toContain('DROP');
    const apply = await runPerfctl(['indexes', 'apply', '-f', spec, '--db', db.url, '--yes']);
    expect(await canary()).toBe(true);
    expect(apply.code, apply.stderr).toBe(0);
    const [def] = await db.sql<{ d: string }>("SELECT pg_get_indexdef('public.victims_lower_v'::regclass) AS d");
    expect(def!.d).toBe('CREATE INDEX victims_lower_v ON public.victims USING btree (lower(v))');
  });

  it('explain: a planted "harmless SELECT" verdict does not let dblink_exec run', async () => {
    const u = new URL(db.url);
    const sql = `SELECT dblink_exec('host=${u.hostname} port=${u.port} dbname=${db.name} user=${decodeURIComponent(u.username)} password=${decodeURIComponent(u.password)}', 'DELETE FROM victims')`;
    const facts = { command: 'SELECT', writingCte: false, start: 0, end: sql.length, paramCount: 0, sideEffects: [] };
    writeFileSync(join(cacheDir, 'statements-v1.json'), JSON.stringify({ [key('statement', sql)]: JSON.stringify(facts) }));
    const result = await runPerfctl(['explain', '--db', db.url, sql]);
    expect(await count()).toBe(50);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dblink');
  });
});
