import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { section, workload, writeSpec } from '../helpers/report.js';

let db: TestDatabase;

/** Indexed foreign keys, every index used, fresh statistics, quick queries. */
beforeAll(async () => {
  db = await createTestDatabase('report_ok');
  await workload(db.adminUrl, async (c) => {
    await c.query(`CREATE EXTENSION pg_stat_statements;
      CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL UNIQUE);
      INSERT INTO customers SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 5000) g;
      CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id), amount int);
      INSERT INTO orders SELECT g, 1 + g % 5000, g FROM generate_series(1, 5000) g;
      CREATE INDEX orders_customer_id ON orders (customer_id)`);
  });
  await db.sql('VACUUM ANALYZE');
  await workload(db.adminUrl, async (c) => {
    for (let i = 1; i <= 50; i++) {
      await c.query('SELECT email FROM customers WHERE id = $1', [i]);
      await c.query('SELECT id FROM customers WHERE email = $1', [`user${i}@example.com`]);
      await c.query('SELECT amount FROM orders WHERE customer_id = $1', [i]);
    }
  });
});
afterAll(async () => db?.drop());

describe('perfctl report on a healthy database', () => {
  it('has no findings, meets its targets and exits 0', async () => {
    const spec = writeSpec(`version: 1
queries:
  - name: orders_of_customer
    sql: SELECT amount FROM orders WHERE customer_id = $1
    params: [7]
`);
    // Other perfctl commands' catalog questions must not show up as the database's workload either.
    expect((await runPerfctl(['doctor', '--db', db.url])).code).toBe(0);
    expect((await runPerfctl(['indexes', 'status', '--db', db.url, '-f', spec])).code).toBe(0);
    const result = await runPerfctl(['report', '--json', '--db', db.url, '-f', spec]);
    const doc = JSON.parse(result.stdout);
    const findings = doc.sections.flatMap((s: { findings: unknown[] }) => s.findings);
    expect(findings).toEqual([]);
    expect(result.code).toBe(0);
    expect(doc.over_budget).toBe(false);
    const verdicts = Object.fromEntries(section(doc, 'targets').rows.map((r: any) => [r.target, r.verdict]));
    expect(verdicts).toMatchObject({ 'query-p95': 'ok', 'slow-call-share': 'ok', 'connection-usage': 'ok', 'index-coverage': 'ok' });
    expect(['ok', 'unknown']).toContain(verdicts['cache-hit-ratio']);
    expect(section(doc, 'slow-queries').rows.map((r: any) => r.query)).toContain('SELECT email FROM customers WHERE id = $1');
    // perfctl's own catalog questions are left out of pg_stat_statements' figures.
    expect(section(doc, 'slow-queries').rows.some((r: any) => /pg_catalog\.pg_index\b/.test(r.query ?? ''))).toBe(false);
    expect(section(doc, 'slow-queries').rows.some((r: any) => /pg_catalog\.(version|pg_is_in_recovery)\(\)/.test(r.query ?? ''))).toBe(false);
    const human = await runPerfctl(['report', '--no-color', '--db', db.url, '-f', spec]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/✓ within budget; 0 findings/);
  });

  it('answers to pg-extras names: outliers, cache-hit, locks', async () => {
    const result = await runPerfctl(['report', 'outliers', 'cache_hit', 'locks', '--json', '--db', db.url]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).sections.map((s: { id: string }) => s.id)).toEqual(['slow-queries', 'cache', 'connections']);
    const typo = await runPerfctl(['report', 'outlier', '--db', db.url]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown report section "outlier"; did you mean "outliers"?');
  });
});
