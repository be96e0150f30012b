import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runPerfctl } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { tempFile } from '../../helpers/spec.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('init_q');
  await db.sql(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
    CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, note text);
    INSERT INTO orders SELECT g, g % 2000, 'n' || g FROM generate_series(1, 20000) g;
    CREATE INDEX orders_customer ON orders (customer_id);
    CREATE TABLE other (id int);
    ANALYZE orders`);
  // The workload runs as the role perfctl connects as: pg_stat_statements shows a role the text of its own statements.
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    for (let i = 0; i < 30; i++) await client.query('SELECT * FROM orders WHERE customer_id = $1', [i]);
    for (let i = 0; i < 3; i++) await client.query(`SELECT count(*) FROM orders WHERE note LIKE '%7%'`);
    await client.query(`UPDATE orders SET note = 'y' WHERE id = 1`);
    await client.query('SELECT count(*) FROM other');
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
});
afterAll(async () => db?.drop());

describe('perfctl init --from-db --queries', () => {
  it('writes the top read-only statements on the chosen tables, without params, expecting no seq scan where an index serves them today', async () => {
    const file = tempFile('indexes.yaml');
    const result = await runPerfctl(['init', '--from-db', '--db', db.url, '-f', file, '--table', 'orders', '--queries', '5', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.warnings).toEqual(['2 of the 5 sample queries asked for: pg_stat_statements has no more read-only statements on these tables']);
    expect(result.stderr).toContain('2 of the 5 sample queries');
    const spec = parse(readFileSync(file, 'utf8'));
    const bySql = new Map<string, Record<string, unknown>>(spec.queries.map((q: { sql: string }) => [q.sql, q]));
    expect(bySql.get('SELECT * FROM orders WHERE customer_id = $1')).toMatchObject({ expect: { no_seq_scan: true } });
    const scan = [...bySql.entries()].find(([sql]) => sql.includes('LIKE'))![1];
    expect(scan.expect).toBeUndefined();
    expect(scan.params).toBeUndefined();
    expect(doc.queries.map((q: { name: string }) => q.name).sort()).toEqual(['top1_orders', 'top2_orders']);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('params are left out on purpose');
    expect(text).toMatch(/# 30 calls, .* mean, .* in all; today: uses orders_customer\n/);

    // The written spec is a CI gate that passes today.
    const check = await runPerfctl(['check', '-f', file, '--db', db.url, '--json']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it('without pg_stat_statements: the spec is written, with a warning that says how to get sample queries', async () => {
    await db.sql('DROP EXTENSION pg_stat_statements');
    const file = tempFile('indexes.yaml');
    const result = await runPerfctl(['init', '--from-db', '--db', db.url, '-f', file, '--queries', '3']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: no sample queries: .*pg_stat_statements/);
    expect(readFileSync(file, 'utf8')).not.toContain('queries:');
  });
});
