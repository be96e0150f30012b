import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../helpers/cli.js';
import { adminUrl, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { section, workload, writeSpec } from '../helpers/report.js';

let bare: TestDatabase;
let db: TestDatabase;
const suffix = randomBytes(4).toString('hex');
const monitor = { name: `report_monitor_${suffix}`, password: `pw-${suffix}-monitor` };
const plain = { name: `report_plain_${suffix}`, password: `pw-${suffix}-plain` };

function urlAs(url: string, role: { name: string; password: string }): string {
  const u = new URL(url);
  u.username = role.name;
  u.password = role.password;
  return u.toString();
}

beforeAll(async () => {
  bare = await createTestDatabase('report_bare');
  db = await createTestDatabase('report_roles');
  await bare.sql('CREATE TABLE items (id int PRIMARY KEY, label text); INSERT INTO items SELECT g, g::text FROM generate_series(1, 100) g');
  await workload(db.adminUrl, async (c) => {
    await c.query(`CREATE EXTENSION pg_stat_statements;
      CREATE TABLE items (id int PRIMARY KEY, label text);
      INSERT INTO items SELECT g, g::text FROM generate_series(1, 2000) g;
      ANALYZE items`);
    await c.query('SELECT label FROM items WHERE id = $1', [3]);
  });
  for (const role of [monitor, plain]) await db.sql(`CREATE ROLE ${role.name} LOGIN PASSWORD '${role.password}'`);
  await db.sql(`GRANT pg_monitor TO ${monitor.name}`);
});

afterAll(async () => {
  await bare?.drop();
  await db?.drop();
  const admin = createAdmin();
  for (const role of [monitor, plain]) await admin(`DROP ROLE IF EXISTS ${role.name}`);
});

function createAdmin() {
  return async (sql: string) => {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: adminUrl() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
}

describe('perfctl report where it cannot see everything', () => {
  it('without pg_stat_statements in the database: says exactly what to do and reports the rest', async () => {
    const result = await runPerfctl(['report', '--json', '--db', bare.url, '-f', writeSpec('version: 1\n')]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    for (const id of ['slow-queries', 'n-plus-one']) {
      expect(section(doc, id).problems).toEqual([
        { problem: expect.stringMatching(/pg_stat_statements is not installed in database t_report_bare/), fix: expect.stringContaining('CREATE EXTENSION pg_stat_statements;') },
      ]);
    }
    expect(section(doc, 'indexes').rows.map((r: any) => r.index)).toContain('public.items.items_pkey');
    expect(section(doc, 'targets').rows.find((r: any) => r.target === 'query-p95')).toMatchObject({ verdict: 'unknown', how: expect.stringMatching(/not installed/) });
    const human = await runPerfctl(['report', 'slow-queries', '--no-color', '--db', bare.url, '-f', writeSpec('version: 1\n')]);
    // The fix wraps at the terminal width wherever the database's (random-length) name puts the breaks.
    const unwrapped = human.stdout.replace(/\n[ \t]+(?![ \t→])/g, ' ');
    expect(unwrapped).toMatch(/! pg_stat_statements is not installed[^\n]*\n\s+→ [^\n]*CREATE EXTENSION pg_stat_statements;/);
  });

  it('as a pg_monitor-only role: every section, other roles’ query texts visible, no crash on what it may not read', async () => {
    const spec = writeSpec('version: 1\nqueries:\n  - name: item\n    sql: SELECT label FROM items WHERE id = $1\n    params: [1]\n');
    const result = await runPerfctl(['report', '--json', '--db', urlAs(db.url, monitor), '-f', spec]);
    expect(result.stderr).toBe('');
    const doc = JSON.parse(result.stdout);
    expect(doc.sections.every((s: { problems: unknown[] }) => s.problems.length === 0)).toBe(true);
    expect(section(doc, 'slow-queries').rows.map((r: any) => r.query)).toContain('SELECT label FROM items WHERE id = $1');
    expect(section(doc, 'tables').notes.join(' ')).toMatch(/no bloat estimates: they need pg_stats/);
    expect(section(doc, 'targets').rows.find((r: any) => r.target === 'index-coverage')).toMatchObject({ verdict: 'unknown', how: expect.stringMatching(/GRANT SELECT/) });
    expect(result.code).toBe(0);
  });

  it('as a role without pg_read_all_stats: says the texts are hidden and which GRANT shows them', async () => {
    const result = await runPerfctl(['report', 'slow-queries', '--json', '--db', urlAs(db.url, plain), '-f', writeSpec('version: 1\n')]);
    const doc = JSON.parse(result.stdout);
    expect(section(doc, 'slow-queries').notes.join(' ')).toMatch(new RegExp(`hide their text: GRANT pg_read_all_stats TO ${plain.name};`));
    expect(result.code).toBe(0);
  });
});
