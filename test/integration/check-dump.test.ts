import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * `check --embedded --schema` with what pg_dump writes. The committed dumps were
 * written by Debian's pg_dump 15.18 from test/fixtures/pg_dump/source.sql; when
 * the test server is one this machine's pg_dump can dump (the PostgreSQL 15 pass
 * of CI), the same dumps are also made here and now and checked the same way.
 */
const FIXTURES = new URL('../fixtures/pg_dump/', import.meta.url).pathname;
const SPEC = `version: 1
indexes:
  - { name: idx_invoices_customer, schema: billing, table: invoices, columns: [customer_id] }
queries:
  - name: invoices_of_customer
    sql: SELECT id, total FROM billing.invoices WHERE customer_id = 7
    expect: { uses_index: idx_invoices_customer }
`;

let dir: string;
let live: { major: number; db: TestDatabase } | undefined;

function pgDumpMajor(): number | undefined {
  try {
    return Number(/(\d+)/.exec(execFileSync('pg_dump', ['--version'], { encoding: 'utf8' }))![1]);
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfctl-check-dump-'));
  writeFileSync(join(dir, 'indexes.yaml'), SPEC);
  for (const f of ['schema-15.sql', 'data-15.sql']) copyFileSync(join(FIXTURES, f), join(dir, f));
  const dumpMajor = pgDumpMajor();
  const db = await createTestDatabase('dump_source');
  const serverMajor = Math.floor(Number((await db.sql<{ v: string }>(`SELECT current_setting('server_version_num') AS v`))[0]!.v) / 10000);
  if (dumpMajor === undefined || dumpMajor < serverMajor) {
    await db.drop();
    return;
  }
  live = { major: serverMajor, db };
  await db.sql(readFileSync(join(FIXTURES, 'source.sql'), 'utf8'));
  const dump = (args: string[]) => execFileSync('pg_dump', [...args, '--dbname', db.adminUrl], { encoding: 'utf8', maxBuffer: 64 << 20 });
  writeFileSync(join(dir, 'schema-live.sql'), dump(['--schema-only']));
  writeFileSync(join(dir, 'data-live.sql'), dump([]));
});
afterAll(async () => live?.db.drop());

const check = (args: string[]) => runPerfctl(['check', '--embedded', '--json', ...args], { cwd: dir });
const usesIndex = (stdout: string) => JSON.parse(stdout).results.find((r: { check: string }) => r.check === 'expect-uses-index');

describe('check --embedded --schema with pg_dump output', () => {
  for (const kind of ['15', 'live']) {
    it(`a --schema-only dump (${kind === 'live' ? 'made now' : 'pg_dump 15'}): \\restrict skipped and listed with -v, roles it lacks left out, empty tables said`, async (ctx) => {
      ctx.skip(kind === 'live' && !live, "this machine's pg_dump cannot dump the test server (older major)");
      const result = await check(['--schema', `schema-${kind}.sql`, '-v']);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`skipped psql meta-commands in schema-${kind}\\.sql: \\\\restrict \\(line 5\\), \\\\unrestrict \\(line \\d+\\)`));
      // Three name the source's own role; in the owner pass of the suite, more name that pass's role.
      expect(result.stderr).toMatch(new RegExp(`skipped \\d+ ownership or privilege statements in schema-${kind}\\.sql naming roles this server does not have \\(lines \\d+, \\d+, \\d+`));
      expect(result.stderr).toContain('note: billing.invoices is empty: the planner prefers sequential scans on empty tables');
      // The restrict key is no secret, but it is noise: only the command's name is shown.
      expect(result.stderr).not.toMatch(/\\restrict \w{20}/);
      expect(usesIndex(result.stdout)).toMatchObject({ verdict: 'fail' });
    });

    it(`a dump with data (${kind === 'live' ? 'made now' : 'pg_dump 15'}): COPY data loaded, the index used, no empty-table note`, async (ctx) => {
      ctx.skip(kind === 'live' && !live, "this machine's pg_dump cannot dump the test server (older major)");
      const result = await check(['--schema', `data-${kind}.sql`]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('skipped');
      expect(result.stderr).not.toContain('empty');
      expect(usesIndex(result.stdout)).toMatchObject({ verdict: 'pass' });
    });
  }

  it('a bad COPY row names the file and the line of that row, and exits 2', async () => {
    const lines = readFileSync(join(dir, 'data-15.sql'), 'utf8').split('\n');
    const copy = lines.findIndex((l) => l.startsWith('COPY public.customers'));
    lines[copy + 3] = 'not-a-number\tbroken@example.com\t\\N';
    writeFileSync(join(dir, 'bad-copy.sql'), lines.join('\n'));
    const result = await check(['--schema', 'bad-copy.sql']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`bad-copy.sql:${copy + 4}: invalid input syntax for type bigint: "not-a-number"`);
  });

  it('\\connect, \\i and a COPY without its end are errors with file:line, before a server is started', async () => {
    writeFileSync(join(dir, 'connect.sql'), 'CREATE TABLE a (id int);\n\\connect other\nCREATE TABLE b (id int);\n');
    writeFileSync(join(dir, 'include.sql'), "-- seeds\n\\set ON_ERROR_STOP on\n\\i more.sql\n");
    writeFileSync(join(dir, 'unended.sql'), 'CREATE TABLE a (id int);\nCOPY a (id) FROM stdin;\n1\n2\n');
    const connect = await check(['--schema', 'connect.sql']);
    expect(connect.code).toBe(2);
    expect(connect.stderr).toContain('connect.sql:2: \\connect is a psql meta-command perfctl does not run');
    const include = await check(['--schema', 'include.sql']);
    expect(include.stderr).toContain('include.sql:3: \\i is a psql meta-command perfctl does not run');
    const unended = await check(['--schema', 'unended.sql']);
    expect(unended.stderr).toContain('unended.sql:2: COPY … FROM stdin has no end-of-data line (\\.)');
  });
});
