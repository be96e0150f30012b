import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/util/width.js';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { findingsOf, section, workload, writeSpec } from '../helpers/report.js';

const LONG_ALIAS = 'a_deliberately_long_column_alias_so_that_the_statement_text_is_longer_than_eighty_characters';

let db: TestDatabase;
let spec: string;
let holder: pg.Client;
let waiter: pg.Client;
let holderPid: number;
let waiterPid: number;
let waiting: Promise<unknown>;
let doc: any;
let code: number;

/** One database with every problem the report looks for planted in it. */
beforeAll(async () => {
  db = await createTestDatabase('report');
  await workload(db.adminUrl, async (c) => {
    await c.query(`CREATE EXTENSION pg_stat_statements;
      CREATE TABLE customers (id int PRIMARY KEY, email text, region int, note text);
      INSERT INTO customers SELECT g, 'user' || g || '@example.com', g % 50, NULL FROM generate_series(1, 20000) g;
      CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id), amount int);
      INSERT INTO orders SELECT g, 1 + g % 20000, g FROM generate_series(1, 20000) g;
      CREATE TABLE tickets (id serial PRIMARY KEY, note text);
      SELECT setval('tickets_id_seq', 2000000000);
      INSERT INTO tickets (note) VALUES ('near the end');
      CREATE SEQUENCE legacy_ids AS bigint;
      CREATE TABLE legacy (id int PRIMARY KEY DEFAULT nextval('legacy_ids'));
      ALTER SEQUENCE legacy_ids OWNED BY legacy.id;
      SELECT setval('legacy_ids', 1700000000);
      CREATE TABLE roomy (id bigserial PRIMARY KEY);
      SELECT setval('roomy_id_seq', 2000000000);
      CREATE TABLE events (id int, kind int);
      INSERT INTO events SELECT g, g % 100 FROM generate_series(1, 20000) g;
      CREATE INDEX customers_email_a ON customers (email);
      CREATE INDEX customers_email_b ON customers (email);
      CREATE INDEX customers_region ON customers (region);
      CREATE INDEX customers_region_email ON customers (region, email);
      CREATE INDEX customers_note ON customers (note);
      CREATE INDEX customers_fancy ON customers (lower(email) text_pattern_ops DESC NULLS LAST, (region + 1)) INCLUDE (note) WHERE region > 3;
      ANALYZE`);
  });
  // A failed concurrent build leaves its index behind, INVALID.
  await db.sql('CREATE UNIQUE INDEX CONCURRENTLY customers_region_unique ON customers (region)').catch(() => undefined);
  await workload(db.adminUrl, async (c) => {
    for (let i = 0; i < 60; i++) await c.query('SELECT sum(amount) FROM orders WHERE customer_id = $1', [i + 1]);
    // Fewer than 50 scans, each reading the whole table, within minutes.
    for (let i = 0; i < 41; i++) await c.query('SELECT count(*) FROM events WHERE kind = $1', [i]);
    for (let i = 0; i < 1500; i++) await c.query('SELECT email FROM customers WHERE id = $1', [(i % 20000) + 1]);
    await c.query(`SELECT pg_sleep(0.15) AS ${LONG_ALIAS}`);
  });
  holder = await db.client();
  waiter = await db.client();
  holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  waiterPid = (await waiter.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  await holder.query("BEGIN; UPDATE customers SET note = 'held' WHERE id = 1");
  waiting = waiter.query("UPDATE customers SET note = 'waiting' WHERE id = 1").catch(() => undefined);
  // Past the idle-in-transaction threshold (5 s) and the lock-wait one (1 s).
  await new Promise((resolve) => setTimeout(resolve, 5_500));
  spec = writeSpec(`version: 1
budgets: { slow_query_ms: 100 }
queries:
  - name: customer_by_id
    sql: SELECT email FROM customers WHERE id = $1
    params: [5]
  - name: orders_of_customer
    sql: SELECT amount FROM orders WHERE customer_id = $1
    params: [5]
`);
  const result = await runPerfctl(['report', '--json', '--db', db.url, '-f', spec]);
  code = result.code;
  expect(result.stderr).toBe('');
  doc = JSON.parse(result.stdout);
}, 60_000);

afterAll(async () => {
  await holder?.query('ROLLBACK').catch(() => undefined);
  await waiting;
  await db?.drop();
});

describe('perfctl report on a database with planted problems', () => {
  it('exits 1 because budgets are exceeded, in a versioned JSON document', () => {
    expect(code).toBe(1);
    expect(doc.version).toBe(1);
    expect(doc.over_budget).toBe(true);
    expect(doc.sections.map((s: { id: string }) => s.id)).toEqual(['slow-queries', 'n-plus-one', 'indexes', 'tables', 'cache', 'connections', 'sequences', 'wraparound', 'replication', 'targets']);
  });

  it('flags the slow query against the spec budget, with its full text', () => {
    // Under load the setup's INSERTs may be slow too; the sleeper must be among the findings.
    const slow = findingsOf(doc, 'slow-query').find((f) => String(f.sql).includes(LONG_ALIAS));
    expect(slow).toMatchObject({ severity: 'error', budget: 'slow_query_ms', evidence: { budget_ms: 100 } });
    expect(slow!.sql).toContain(LONG_ALIAS);
    expect(slow!.evidence.mean_ms).toBeGreaterThanOrEqual(150);
  });

  it('finds the N+1 loop', () => {
    const loops = findingsOf(doc, 'n-plus-one');
    expect(loops).toHaveLength(1);
    expect(loops[0]!.sql).toMatch(/SELECT email FROM customers WHERE id = \$1/);
    expect(loops[0]!.evidence.calls).toBe(1500);
  });

  it('finds the duplicate, redundant, unused and invalid indexes', () => {
    expect(findingsOf(doc, 'duplicate-index').map((f) => f.object)).toEqual(['public.customers.customers_email_b']);
    expect(findingsOf(doc, 'redundant-index').map((f) => [f.object, f.evidence.covered_by])).toEqual([['public.customers.customers_region', 'customers_region_email']]);
    const unused = findingsOf(doc, 'unused-index').find((f) => f.object === 'public.customers.customers_note');
    expect(unused).toMatchObject({ severity: 'notice', evidence: { too_young_to_judge: true } });
    expect(unused!.evidence.table_scans).toBeGreaterThanOrEqual(1500);
    expect(findingsOf(doc, 'invalid-index').map((f) => f.object)).toEqual(['public.customers.customers_region_unique']);
    expect(section(doc, 'indexes').notes.join(' ')).toMatch(/too young to call an index unused/);
  });

  it('finds the foreign key without an index and the table it makes scanned sequentially', () => {
    expect(findingsOf(doc, 'fk-without-index')).toEqual([expect.objectContaining({ object: 'public.orders(customer_id)', severity: 'warning' })]);
    const [heavy] = findingsOf(doc, 'seq-scan-heavy');
    expect(heavy).toMatchObject({ object: 'public.orders' });
    expect(heavy!.evidence.seq_scans).toBeGreaterThanOrEqual(60);
  });

  it('finds sequences close to overflow, and the integer key a bigint sequence feeds', () => {
    const found = findingsOf(doc, 'sequence-overflow');
    expect(found.map((f) => f.object).sort()).toEqual(['public.legacy_ids', 'public.tickets_id_seq']);
    expect(found.find((f) => f.object === 'public.tickets_id_seq')).toMatchObject({
      evidence: { last_value: 2000000001, limit: 2147483647, limited_by: 'public.tickets.id', limit_type: 'integer' },
      message: expect.stringMatching(/^93\.\d% used: 147,483,646 values left before the integer column public\.tickets\.id/),
    });
    expect(found.find((f) => f.object === 'public.legacy_ids')).toMatchObject({ evidence: { limit: 2147483647, limited_by: 'public.legacy.id', used_share: 0.7916 } });
    expect(found[0]!.help).toMatch(/bigint/);
  });

  it('finds a table read whole 41 times in minutes: judged by rows read and their rate, not by 50 scans', () => {
    const heavy = findingsOf(doc, 'seq-scan-heavy').find((f) => f.object === 'public.events');
    expect(heavy).toBeDefined();
    expect(heavy!.evidence.seq_scans).toBeGreaterThanOrEqual(41);
    expect(heavy!.evidence.seq_scans).toBeLessThan(50);
    expect(heavy!.evidence.full_table_reads).toBeGreaterThanOrEqual(41);
    expect(heavy!.message).toMatch(/read [\d,]+ rows of a 20,000-row table: the whole table 4\d times in /);
  });

  it('finds the session idle in a transaction and the one it blocks, with the blocking tree', () => {
    expect(findingsOf(doc, 'idle-in-transaction')).toEqual([expect.objectContaining({ object: `pid ${holderPid}` })]);
    expect(findingsOf(doc, 'blocked-session')).toEqual([expect.objectContaining({ object: `pid ${waiterPid}`, evidence: expect.objectContaining({ blocked_by: String(holderPid) }) })]);
    expect(section(doc, 'connections').blocking).toEqual([expect.objectContaining({ pid: holderPid, blocks: [expect.objectContaining({ pid: waiterPid })] })]);
  });

  it('fills the targets table, index coverage from the spec queries', () => {
    const rows = Object.fromEntries(section(doc, 'targets').rows.map((r: any) => [r.target, r]));
    expect(rows['index-coverage']).toMatchObject({ current: 0.5, verdict: 'over' });
    expect(rows['index-coverage'].how).toMatch(/without an index: orders_of_customer/);
    expect(rows['query-p95'].how).toMatch(/estimated from pg_stat_statements/);
    expect(rows['connection-usage'].verdict).toBe('ok');
  });

  it('prints one table per section with coloured-free severities and shortened SQL, full with --verbose', async () => {
    const human = await runPerfctl(['report', '--no-color', '--db', db.url, '-f', spec]);
    expect(human.code).toBe(1);
    for (const title of ['Slow queries', 'N+1 suspects', 'Indexes', 'Tables', 'Cache hit ratio', 'Connections', 'Targets']) expect(human.stdout).toContain(`\n${title}\n`);
    expect(human.stdout).toMatch(/┌/);
    expect(human.stdout).toMatch(/error {3}slow-query/);
    // The finding names its statement by queryid and text, and the table shows both.
    const [, queryid, text] = /error {3}slow-query query (-?\d+): .*\n {6}(SELECT pg_sleep.{8})/.exec(human.stdout) ?? [];
    expect(queryid).toBeDefined();
    const table = human.stdout.slice(human.stdout.indexOf('\nSlow queries\n'), human.stdout.indexOf('\nN+1 suspects\n'));
    expect(table).toMatch(new RegExp(`│ ${queryid} +│ ${text!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(human.stdout).not.toContain(LONG_ALIAS);
    expect(human.stdout).toContain('…');
    expect(human.stdout).toMatch(/✗ over budget/);
    // Timestamps say their zone.
    expect(human.stdout).toMatch(/counters since \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const verbose = await runPerfctl(['report', 'slow-queries', '--verbose', '--no-color', '--db', db.url, '-f', spec]);
    expect(verbose.stdout).toContain(LONG_ALIAS);
  });

  it.each([80, 120])('fits a terminal of %i columns: every line, by display width', async (columns) => {
    const human = await runPerfctl(['report', '--no-color', '--db', db.url, '-f', spec], { columns });
    const lines = human.stdout.split('\n');
    expect(lines.filter((l) => displayWidth(l) > columns)).toEqual([]);
    expect(human.stdout).toMatch(/\nSlow queries\n┌/);
    expect(human.stdout).toMatch(/error {3}slow-query query -?\d+/);
    const wide = await runPerfctl(['report', 'slow-queries', '--no-color', '--wide', '--db', db.url, '-f', spec], { columns });
    expect(wide.stdout).toContain(LONG_ALIAS);
    expect(wide.stdout).toContain('temp blks');
  });

  it('renders index definitions as pg_get_indexdef does', async () => {
    const rows = section(doc, 'indexes').rows as Array<{ index: string; definition: string }>;
    expect(rows.map((r) => r.index)).toContain('public.customers.customers_fancy');
    const expected = await db.sql<{ name: string; def: string }>(
      `SELECT 'public.' || indrelid::regclass || '.' || indexrelid::regclass AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid::regclass::text IN ('customers', 'orders', 'tickets', 'legacy', 'roomy')`,
    );
    const byName = new Map(expected.map((e) => [e.name, e.def]));
    for (const row of rows) expect(row.definition).toBe(byName.get(row.index));
  });

  it('reports only the sections asked for, with --top rows', async () => {
    const result = await runPerfctl(['report', 'indexes', '--top', '2', '--json', '--db', db.url, '-f', spec]);
    const one = JSON.parse(result.stdout);
    expect(one.sections.map((s: { id: string }) => s.id)).toEqual(['indexes']);
    expect(one.sections[0].rows.length).toBeLessThanOrEqual(4);
    expect(result.code).toBe(0);
  });
});
