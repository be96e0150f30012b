import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { writeSpec } from '../../helpers/spec.js';

/**
 * With standard_conforming_strings off, '\' escapes a quote: libpg-query
 * (which reads SQL as PostgreSQL does with the setting on) and the server
 * would disagree about where a string ends, and the server would run SQL
 * the parser never saw. Every row is counted before and after.
 */
let db: TestDatabase;
const count = async () => Number((await db.sql<{ n: string }>('SELECT count(*) AS n FROM public.victims'))[0]!.n);

/** The parser sees one SELECT of two strings; the server, with the setting off, sees a COMMIT and a DELETE after it. */
const SPLIT = "SELECT '\\', '; COMMIT; DELETE FROM victims; --' FROM victims WHERE id = $1";

/** The parser sees two strings; the server, with the setting off, sees a dblink_exec call between them. */
function hiddenDblink(connection: string): string {
  return `SELECT '\\', ' , dblink_exec($$${connection}$$, $$DELETE FROM victims$$) AS b, '' AS c --' FROM victims`;
}

beforeAll(async () => {
  db = await createTestDatabase('sec_strings');
  await db.sql('CREATE TABLE victims (id int PRIMARY KEY, v text); INSERT INTO victims SELECT g, g::text FROM generate_series(1, 100) g; ANALYZE victims');
  await db.sql('CREATE EXTENSION IF NOT EXISTS dblink');
  await db.sql(`ALTER DATABASE "${db.name}" SET standard_conforming_strings = off`);
});
afterAll(async () => db?.drop());

function dblinkConnection(): string {
  const u = new URL(db.url);
  return `host=${u.hostname} port=${u.port || 5432} dbname=${db.name} user=${decodeURIComponent(u.username)} password=${decodeURIComponent(u.password)}`;
}

describe('standard_conforming_strings = off cannot turn one statement into several', () => {
  it('the database really reads backslashes the old way (the trap is armed)', async () => {
    const rows = await db.sql<{ s: string }>("SELECT current_setting('standard_conforming_strings') AS s");
    expect(rows[0]!.s).toBe('off');
  });

  it('explain: the generic plan of the split statement deletes nothing', async () => {
    const before = await count();
    const result = await runPerfctl(['explain', '--db', db.url, '--json', SPLIT]);
    expect(await count()).toBe(before);
    expect(before).toBe(100);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).mode).toBe('generic');
  });

  it('explain: with a value, executed, the split statement deletes nothing', async () => {
    const result = await runPerfctl(['explain', '--db', db.url, '--param', '1', SPLIT]);
    expect(await count()).toBe(100);
    expect(result.code, result.stderr).toBe(0);
  });

  it('explain: a dblink_exec the parser cannot see never runs', async () => {
    const result = await runPerfctl(['explain', '--db', db.url, hiddenDblink(dblinkConnection())]);
    expect(await count()).toBe(100);
    expect(result.code, result.stderr).toBe(0);
  });

  it('check (planned and executed) deletes nothing', async () => {
    const spec = writeSpec(
      ['version: 1', 'queries:', `  - name: split`, `    sql: ${JSON.stringify(SPLIT)}`, `  - name: hidden`, `    sql: ${JSON.stringify(hiddenDblink(dblinkConnection()))}`, ''].join('\n'),
    );
    for (const args of [[], ['--analyze', '--repeat', '2']]) {
      const result = await runPerfctl(['check', '-f', spec, '--db', db.url, '--json', ...args]);
      expect(await count()).toBe(100);
      expect(result.code, result.stderr).toBeLessThan(2);
    }
  });
});
