import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../../helpers/cli.js';
import { adminUrl, createTestDatabase, withDatabase, type TestDatabase } from '../../helpers/db.js';
import { needs, passRole } from '../../helpers/roles.js';

/**
 * A database owner who is not a superuser plants operators and functions in
 * a schema of their own, puts it first on the database's search_path, and
 * waits for a superuser to point perfctl at the database. Each trap tries to
 * make its owner superuser and records that it ran.
 */
let db: TestDatabase;
let dir: string;
let attacker: string;
const TYPES = ['oid', 'name', 'text', 'int4', 'int8', '"char"', 'regclass', 'bool'];
const FUNCTIONS = [
  ['lower', 'text', 'text'],
  ['quote_ident', 'text', 'text'],
  ['format_type', 'oid, int4', 'text'],
  ['current_setting', 'text', 'text'],
];

function trapBody(returns: string): string {
  return `BEGIN
    BEGIN EXECUTE 'ALTER ROLE ${attacker} SUPERUSER'; EXCEPTION WHEN OTHERS THEN NULL; END;
    BEGIN INSERT INTO evil.calls VALUES (pg_catalog.now()); EXCEPTION WHEN OTHERS THEN NULL; END;
    RETURN ${returns};
  END`;
}

const superuserUrl = () => withDatabase(adminUrl(), db.name);
const WHY = 'the trap is set for a superuser running perfctl; other passes connect as roles it cannot make superuser';

async function asAttacker(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl() });
  await client.connect();
  try {
    await client.query(`SET ROLE ${attacker}; ${sql}`);
  } finally {
    await client.end();
  }
}

/** The test's own reads, on a path the trap cannot reach (the helper's plain client would spring it). */
async function safeSql<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: superuserUrl(), options: '-c search_path=pg_catalog,pg_temp' });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

const isSuperuser = async () => (await safeSql<{ s: boolean }>('SELECT rolsuper AS s FROM pg_catalog.pg_roles WHERE rolname = $1', [attacker]))[0]!.s;
const trapCalls = async () => Number((await safeSql<{ n: string }>('SELECT count(*) AS n FROM evil.calls'))[0]!.n);
/** Calls counted by track_functions = all: also those in read-only transactions, where the INSERT fails. */
async function countedCalls(): Promise<number> {
  const rows = await safeSql<{ n: string }>("SELECT pg_catalog.pg_stat_clear_snapshot(), COALESCE(sum(calls), 0) AS n FROM pg_catalog.pg_stat_user_functions WHERE schemaname = 'evil'");
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  if (passRole() !== 'superuser') return;
  db = await createTestDatabase('sec_path');
  attacker = `atk_${db.name}`.slice(0, 60);
  await db.sql(`CREATE ROLE ${attacker} NOLOGIN`);
  await db.sql(`ALTER DATABASE "${db.name}" OWNER TO ${attacker}`);
  await db.sql(`ALTER DATABASE "${db.name}" SET track_functions = 'all'`);
  await db.sql(`GRANT CREATE ON SCHEMA public TO ${attacker}`);
  const plant: string[] = ['CREATE SCHEMA evil', 'CREATE TABLE evil.calls (at timestamptz)', 'GRANT INSERT ON evil.calls TO PUBLIC'];
  for (const [i, type] of TYPES.entries()) {
    plant.push(`CREATE FUNCTION evil.eq${i}(a ${type}, b ${type}) RETURNS bool LANGUAGE plpgsql AS $f$ ${trapBody('a OPERATOR(pg_catalog.=) b')} $f$`);
    plant.push(`CREATE OPERATOR evil.= (LEFTARG = ${type}, RIGHTARG = ${type}, FUNCTION = evil.eq${i})`);
    plant.push(`CREATE FUNCTION evil.ne${i}(a ${type}, b ${type}) RETURNS bool LANGUAGE plpgsql AS $f$ ${trapBody('a OPERATOR(pg_catalog.<>) b')} $f$`);
    plant.push(`CREATE OPERATOR evil.<> (LEFTARG = ${type}, RIGHTARG = ${type}, FUNCTION = evil.ne${i})`);
  }
  for (const [name, args, returns] of FUNCTIONS) {
    const params = args!.split(', ').map((t, i) => `p${i} ${t}`).join(', ');
    const call = `pg_catalog.${name}(${args!.split(', ').map((_, i) => `p${i}`).join(', ')})`;
    plant.push(`CREATE FUNCTION evil.${name}(${params}) RETURNS ${returns} LANGUAGE plpgsql AS $f$ ${trapBody(call)} $f$`);
  }
  plant.push(
    'CREATE TABLE public.orders (id int PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, note text)',
    "INSERT INTO public.orders SELECT g, g % 100, CASE WHEN g % 10 = 0 THEN 'open' ELSE 'done' END, 'n' || g FROM generate_series(1, 2000) g",
    'ANALYZE public.orders',
    `ALTER DATABASE "${db.name}" SET search_path = evil, pg_catalog, public`,
  );
  await asAttacker(plant.join(';\n'));
  dir = mkdtempSync(join(tmpdir(), 'perfctl-path-'));
  writeFileSync(
    join(dir, 'indexes.yaml'),
    [
      'version: 1',
      'indexes:',
      '  - { name: orders_customer, table: orders, columns: [customer_id] }',
      '  - { name: orders_note_lower, table: orders, columns: [{ expression: "lower(note)" }] }',
      `  - { name: orders_open, table: orders, columns: [id], where: "status <> 'done'" }`,
      'queries:',
      '  - name: by_customer',
      '    sql: SELECT * FROM orders WHERE customer_id = $1',
      '    params: [7]',
      '    expect: { uses_index: orders_customer }',
      '  - name: open_orders',
      "    sql: SELECT id FROM orders WHERE status <> 'done' AND lower(note) = 'n10'",
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  if (!db) return;
  await db.drop();
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect().then(() => admin.query(`DROP ROLE IF EXISTS ${attacker}`)).catch(() => undefined);
  await admin.end().catch(() => undefined);
});

describe('a search_path trap set by the database owner', () => {
  it('is armed: a plain client on the database runs it', async (ctx) => {
    needs(ctx, 'superuser', WHY);
    const before = await countedCalls();
    await asAttacker("SELECT count(*) FROM pg_catalog.pg_class WHERE oid = 'pg_catalog.pg_class'::regclass");
    await expect.poll(countedCalls, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await trapCalls()).toBeGreaterThan(0);
    expect(await isSuperuser()).toBe(false);
    await safeSql('TRUNCATE evil.calls');
  });

  const commands: string[][] = [
    ['indexes', 'plan'],
    ['indexes', 'plan', '--sql'],
    ['indexes', 'apply', '--yes'],
    ['indexes', 'status'],
    ['indexes', 'plan', '--json'],
    ['doctor'],
    ['check'],
    ['check', '--analyze', '--repeat', '2'],
    ['report'],
    ['explain', '--query', 'by_customer'],
    ['explain', '--all', '--no-analyze'],
    ['explain', "SELECT o.id FROM orders o JOIN pg_class c ON c.oid = o.id::oid WHERE o.status <> 'done'"],
    ['tune'],
  ];

  it('never runs for a superuser, whatever perfctl command it is', async (ctx) => {
    needs(ctx, 'superuser', WHY);
    const before = await countedCalls();
    const outputs: string[] = [];
    for (const args of commands) {
      const result = await runPerfctl([...args, '-f', 'indexes.yaml', '--db', db.url], { cwd: dir });
      outputs.push(`${args.join(' ')}: exit ${result.code}\n${result.stderr}`);
      expect(result.code, outputs.at(-1)).toBeLessThan(2);
    }
    const init = await runPerfctl(['init', '--from-db', '--force', '-f', join(dir, 'from-db.yaml'), '--db', db.url], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    // Backends flush their function counters as they exit: give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await isSuperuser()).toBe(false);
    expect(await trapCalls()).toBe(0);
    expect(await countedCalls()).toBe(before);
    const [index] = await safeSql<{ d: string }>("SELECT pg_catalog.pg_get_indexdef('public.orders_note_lower'::regclass) AS d");
    expect(index!.d).toContain('lower(note)');
  });
});
