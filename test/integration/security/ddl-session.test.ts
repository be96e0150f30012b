import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { writeSpec } from '../../helpers/spec.js';

/**
 * Production databases often carry short timeouts for the application's
 * role; an index build takes as long as it takes. Neither apply nor the
 * script `plan --sql` prints may inherit them.
 */
let db: TestDatabase;
let versionNum: number;
const spec = (name: string, expression: string) => writeSpec(['version: 1', 'indexes:', `  - { name: ${name}, table: big, columns: [{ expression: "${expression}" }] }`, ''].join('\n'));
const valid = async (name: string) => (await db.sql<{ ok: boolean }>('SELECT indisvalid AND indisready AS ok FROM pg_index WHERE indexrelid = $1::regclass', [name]))[0]?.ok;

beforeAll(async () => {
  db = await createTestDatabase('sec_ddl');
  // 2,500 rows at 1 ms each: a build of 2.5 s or more, whatever the machine.
  await db.sql("CREATE FUNCTION public.slow(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1 FROM pg_catalog.pg_sleep(0.001)'");
  await db.sql('CREATE TABLE big (id int, v text); INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 2500) g; ANALYZE big');
  versionNum = Number((await db.sql<{ v: string }>("SELECT current_setting('server_version_num') AS v"))[0]!.v);
  // Set last: from here on, every new session of this database inherits them.
  await db.sql(`ALTER DATABASE "${db.name}" SET statement_timeout = '1500ms'`);
  await db.sql(`ALTER DATABASE "${db.name}" SET idle_session_timeout = '2s'`);
  if (versionNum >= 170000) await db.sql(`ALTER DATABASE "${db.name}" SET transaction_timeout = '1500ms'`);
});
afterAll(async () => db?.drop());

describe('a database whose sessions have a 1.5 s statement_timeout (and transaction_timeout on 17+)', () => {
  it('is armed: building the index in a plain session is cancelled', async () => {
    await expect(db.sql("CREATE INDEX CONCURRENTLY probe ON big (public.slow(id + 1))")).rejects.toThrow(/timeout/);
    await db.sql('DROP INDEX IF EXISTS probe');
  });

  it('indexes apply builds the index anyway (statement_timeout 0 is sent, not left out)', async () => {
    const result = await runPerfctl(['indexes', 'apply', '--yes', '-f', spec('big_slow_apply', 'public.slow(id)'), '--db', db.url]);
    expect(result.code, result.stderr).toBe(0);
    expect(await valid('big_slow_apply')).toBe(true);
  });

  it('the plan --sql script, run with psql, builds it too', async () => {
    const plan = await runPerfctl(['indexes', 'plan', '--sql', '-f', spec('big_slow_script', 'public.slow(id + 2)'), '--db', db.url]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("SET statement_timeout = '0';");
    if (versionNum >= 170000) expect(plan.stdout).toContain("SET transaction_timeout = '0';");
    const psql = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db.url, '-f', '-'], { input: plan.stdout, encoding: 'utf8' });
    expect(psql.status, psql.stderr).toBe(0);
    expect(await valid('big_slow_script')).toBe(true);
  });
});
