import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { findingsOf, section } from '../helpers/report.js';

let db: TestDatabase;
const monitor = { name: `pghero_monitor_${randomBytes(4).toString('hex')}`, password: randomBytes(12).toString('hex') };

beforeAll(async () => {
  db = await createTestDatabase('report_pghero');
  await db.sql('CREATE TABLE items (id int PRIMARY KEY, label text); INSERT INTO items SELECT g, g::text FROM generate_series(1, 100) g; ANALYZE items');
  await db.sql(`CREATE ROLE ${monitor.name} LOGIN PASSWORD '${monitor.password}' IN ROLE pg_monitor`);
});

/** This database as a role that has pg_monitor and nothing else. */
function monitorUrl(): string {
  const u = new URL(db.url);
  u.username = monitor.name;
  u.password = monitor.password;
  return u.toString();
}

afterAll(async () => {
  await db?.sql(`DROP ROLE IF EXISTS ${monitor.name}`);
  await db?.drop();
});

describe('pg-extras and supabase inspect db names', () => {
  it('select the section that answers the same question', async () => {
    const result = await runPerfctl(['report', 'unused_indexes', 'table-sizes', 'index-usage', '--json', '--db', db.url]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).sections.map((s: { id: string }) => s.id)).toEqual(['indexes', 'tables']);
    expect(result.code).toBe(0);
  });

  it('a typo is a usage error that names the nearest one', async () => {
    const result = await runPerfctl(['report', 'long-running-query', '--db', db.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown report section "long-running-query"; did you mean "long-running-queries"\?/);
    expect(result.stdout).toBe('');
  });
});

describe('sequences and integer keys close to their maximum', () => {
  beforeAll(async () => {
    await db.sql(`CREATE TABLE serial_orders (id serial PRIMARY KEY, note text);
      SELECT setval('serial_orders_id_seq', 1900000000);
      CREATE SEQUENCE wide_seq AS bigint;
      CREATE TABLE narrow_events (id int PRIMARY KEY DEFAULT nextval('wide_seq'));
      SELECT setval('wide_seq', 2000000000);
      CREATE TABLE identity_ok (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
      SELECT setval(pg_get_serial_sequence('identity_ok', 'id'), 1900000000);
      CREATE TABLE app_keyed (id int PRIMARY KEY);
      INSERT INTO app_keyed SELECT 2147480000 + g FROM generate_series(1, 500) g;
      ANALYZE app_keyed`);
    // What the docs ask of a monitoring role: SELECT on the sequences, and on a table for its statistics.
    const user = decodeURIComponent(new URL(db.url).username);
    await db.sql(`GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO "${user}"; GRANT SELECT ON app_keyed TO "${user}"`);
  });

  it('an integer column fed by a bigint sequence overflows at 2^31 - 1; a serial near its limit too; a bigint identity is fine', async () => {
    const result = await runPerfctl(['report', 'sequences', '--json', '--db', db.url]);
    const doc = JSON.parse(result.stdout);
    const byObject = new Map(findingsOf(doc, 'sequence-overflow').map((f) => [f.object, f]));
    expect(byObject.get('public.wide_seq')?.evidence).toMatchObject({
      last_value: 2_000_000_000,
      limit: 2_147_483_647,
      limited_by: 'public.narrow_events.id',
      limit_type: 'integer',
      remaining_values: 147_483_647,
      fix: 'ALTER TABLE "public"."narrow_events" ALTER COLUMN "id" TYPE bigint;',
    });
    expect(byObject.get('public.serial_orders_id_seq')?.evidence).toMatchObject({
      limit: 2_147_483_647,
      used_share: 0.8848,
      fix: 'ALTER TABLE "public"."serial_orders" ALTER COLUMN "id" TYPE bigint; ALTER SEQUENCE "public"."serial_orders_id_seq" AS bigint;',
    });
    expect([...byObject.keys()].some((k) => k.startsWith('public.identity_ok'))).toBe(false);
    expect(section(doc, 'sequences').rows.find((r: any) => r.object === 'public.identity_ok_id_seq')).toMatchObject({ limit_type: 'bigint', value: 1_900_000_000 });
    expect(result.code).toBe(0);
  });

  it('an application-keyed integer primary key near 2^31 is found from its statistics, labelled an estimate', async () => {
    const doc = JSON.parse((await runPerfctl(['report', 'sequences', '--json', '--db', db.url])).stdout);
    expect(findingsOf(doc, 'integer-key-overflow')).toEqual([
      expect.objectContaining({ object: 'public.app_keyed.id', evidence: expect.objectContaining({ highest_value_seen: 2_147_480_500, remaining_values: 3_147, estimated: true }) }),
    ]);
  });

  it('prints the findings with the statement that fixes them', async () => {
    const result = await runPerfctl(['report', 'sequences', '--no-color', '--db', db.url], { columns: 120 });
    // Findings wrap at the terminal width: read them with the line breaks joined.
    expect(result.stdout.replace(/\n +/g, ' ')).toMatch(/warning +sequence-overflow public\.wide_seq: 93\.1% used: 147,483,647 values left before the integer column public\.narrow_events\.id/);
    expect(result.stdout.replace(/\n +/g, ' ')).toMatch(/→ Widen before it runs out: ALTER SEQUENCE … AS bigint is instant/);
  });
});

describe('transaction ID wraparound', () => {
  it('a table past its own autovacuum_freeze_max_age is named with its age and vacuum state; every database has its age', async () => {
    // Burning 200 million XIDs is not possible in a test. Instead the table lowers its own
    // autovacuum_freeze_max_age to the minimum (100,000) and 120,000 XIDs are used; a snapshot
    // taken before the table existed keeps any VACUUM (autovacuum's included) from freezing it
    // meanwhile. This proves the real ages are read and compared with the limit that applies to
    // each table; the server-wide 200 M threshold is the same comparison (unit tests).
    const holder = await db.client();
    await holder.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await holder.query('SELECT 1');
    try {
      await db.sql(`CREATE TABLE freeze_me (id int) WITH (autovacuum_freeze_max_age = 100000);
        CREATE UNLOGGED TABLE burn (i int);
        INSERT INTO freeze_me VALUES (1)`);
      await db.sql(`DO $$ BEGIN FOR i IN 1..120000 LOOP BEGIN INSERT INTO burn VALUES (i); EXCEPTION WHEN others THEN NULL; END; END LOOP; END $$`);
      await db.sql('VACUUM freeze_me');
      const result = await runPerfctl(['report', 'wraparound', '--json', '--db', db.url]);
      expect(result.stderr).toBe('');
      const doc = JSON.parse(result.stdout);
      const [finding, ...others] = findingsOf(doc, 'xid-wraparound').filter((f) => f.object === 'public.freeze_me');
      expect(others).toEqual([]);
      expect(finding!.evidence).toMatchObject({ freeze_max_age: 100_000, vacuum_running: null, last_vacuum: expect.any(String) });
      expect(finding!.evidence.xid_age).toBeGreaterThanOrEqual(120_000);
      expect(finding!.evidence.xids_left).toBe(2 ** 31 - 3_000_000 - finding!.evidence.xid_age);
      expect(findingsOf(doc, 'xid-wraparound').some((f) => f.object === 'public.burn')).toBe(false);
      const rows = section(doc, 'wraparound').rows;
      expect(rows.find((r: any) => r.object === `database ${db.name}`)).toMatchObject({ xid_age: expect.any(Number), freeze_max_age: expect.any(Number) });
      expect(rows.find((r: any) => r.object === 'database template0')).toBeDefined();
      expect(rows[rows.findIndex((r: any) => !String(r.object).startsWith('database '))].object).toBe('public.freeze_me');
      expect(result.code).toBe(0);
    } finally {
      await holder.query('ROLLBACK');
    }
  });
});

describe('replication slots', () => {
  it('an inactive physical slot that reserves WAL is named with the WAL it keeps', async () => {
    const slot = `perfctl_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await db.sql(`SELECT pg_create_physical_replication_slot($1, true)`, [slot]);
    try {
      // About 4 MB of WAL written after the slot's restart point.
      await db.sql(`CREATE TABLE wal_filler AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 15000) g`);
      const result = await runPerfctl(['report', 'replication-slots', '--json', '--db', db.url]);
      expect(result.stderr).toBe('');
      const doc = JSON.parse(result.stdout);
      const finding = findingsOf(doc, 'inactive-replication-slot').find((f) => f.object === `slot ${slot}`);
      expect(finding).toMatchObject({ severity: 'warning', evidence: { slot_type: 'physical', database: null, wal_status: 'reserved' } });
      expect(finding!.evidence.retained_bytes).toBeGreaterThan(3_000_000);
      expect(section(doc, 'replication').rows.find((r: any) => r.object === `slot ${slot}`)).toMatchObject({ kind: 'physical slot', state: 'inactive' });
      const page = join(mkdtempSync(join(tmpdir(), 'perfctl-pghero-')), 'report.html');
      expect((await runPerfctl(['report', 'sequences', 'wraparound', 'replication', '--html', page, '--db', db.url])).code).toBe(0);
      const html = readFileSync(page, 'utf8');
      for (const id of ['table-sequences', 'table-wraparound', 'table-replication']) expect(html).toContain(`id="${id}"`);
      expect(html).toContain(`slot ${slot}`);
      const human = await runPerfctl(['report', 'replication', '--no-color', '--db', db.url], { columns: 80 });
      expect(human.stdout.replace(/\n +/g, ' ')).toMatch(new RegExp(`warning +inactive-replication-slot slot ${slot}: physical slot not in use, retaining \\d+(\\.\\d+)? MB of WAL`));
    } finally {
      await db.sql('SELECT pg_drop_replication_slot($1)', [slot]);
    }
  });
});

describe('as a role with pg_monitor only', () => {
  it('reads sequences, wraparound and replication without a problem, and says which sequences it may not read', async () => {
    await db.sql('CREATE SEQUENCE monitor_hidden_seq');
    const result = await runPerfctl(['report', 'sequences', 'wraparound', 'replication', '--json', '--db', monitorUrl()]);
    expect(result.stderr).toBe('');
    const doc = JSON.parse(result.stdout);
    expect(doc.sections.map((s: any) => [s.id, s.problems])).toEqual([['sequences', []], ['wraparound', []], ['replication', []]]);
    expect(section(doc, 'sequences').notes.join('\n')).toMatch(new RegExp(`sequences? this role may not read \\(last_value needs SELECT or USAGE\\): GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${monitor.name};`));
    expect(section(doc, 'wraparound').rows.find((r: any) => r.object === `database ${db.name}`)).toBeDefined();
    expect(result.code).toBe(0);
  });
});

describe('index bloat, estimated', () => {
  it('a btree left mostly empty by deletes is named, as an estimate, next to the table estimate', async () => {
    // Unlogged: the same pages and statistics without WAL, which other test files' settings checks would see as write pressure.
    await db.sql(`CREATE UNLOGGED TABLE churn (id int8, pad text) WITH (autovacuum_enabled = false);
      INSERT INTO churn SELECT g, 'x' FROM generate_series(1, 700000) g;
      CREATE INDEX churn_id ON churn (id);
      DELETE FROM churn WHERE id % 10 <> 0`);
    await db.sql('VACUUM churn');
    await db.sql('CREATE INDEX churn_fresh ON churn (id)');
    await db.sql('ANALYZE churn');
    const user = decodeURIComponent(new URL(db.url).username);
    await db.sql(`GRANT SELECT ON churn TO "${user}"`);
    const result = await runPerfctl(['report', 'bloat', '--json', '--db', db.url]);
    expect(result.stderr).toBe('');
    const doc = JSON.parse(result.stdout);
    expect(doc.sections.map((s: any) => s.id)).toEqual(['indexes', 'tables']);
    const found = findingsOf(doc, 'index-bloat');
    const churn = found.find((f) => f.object === 'public.churn.churn_id');
    expect(churn).toMatchObject({ severity: 'warning', evidence: { estimated: true } });
    expect(churn!.evidence.estimated_ratio).toBeGreaterThan(0.8);
    expect(churn!.evidence.estimated_wasted_bytes).toBeGreaterThan(10 * 1024 * 1024);
    const rows = section(doc, 'indexes').rows;
    expect(rows.find((r: any) => r.index === 'public.churn.churn_id')).toMatchObject({ estimated_bloat_bytes: churn!.evidence.estimated_wasted_bytes });
    // The same keys in a freshly built index: the estimate sees (almost) no waste.
    const fresh = rows.find((r: any) => r.index === 'public.churn.churn_fresh');
    expect(fresh.estimated_bloat_bytes).toBeLessThan(fresh.bytes * 0.15);
    expect(found.some((f) => f.object === 'public.churn.churn_fresh')).toBe(false);
    const human = await runPerfctl(['report', 'indexes', '--no-color', '--db', db.url], { columns: 120 });
    expect(human.stdout).toMatch(/warning +index-bloat public\.churn\.churn_id: about \d+(\.\d+)? MB \(\d+%\) of its \d+(\.\d+)? MB is estimated to be empty space/);
    expect(human.stdout).toMatch(/bloat \(est\.\)/);
  });

  it('without SELECT on the table there is no estimate, and the section says why', async () => {
    const doc = JSON.parse((await runPerfctl(['report', 'indexes', '--json', '--db', monitorUrl()])).stdout);
    expect(findingsOf(doc, 'index-bloat')).toEqual([]);
    expect(section(doc, 'indexes').notes.join('\n')).toMatch(/no bloat estimate for \d+ btree index(es)?: they need pg_stats/);
  });
});

