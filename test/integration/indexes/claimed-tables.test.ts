import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { expectConverged, indexes, indexNames } from '../../helpers/indexes.js';
import { writeSpec } from '../../helpers/spec.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('idx_claimed');
});
afterAll(async () => db?.drop());

interface Drop {
  id: string;
  hazards: Array<{ id: string; message: string }>;
  usage: Array<{ scans: number }>;
}
const drops = (stdout: string): Drop[] => JSON.parse(stdout).actions.filter((a: { kind: string }) => a.kind === 'drop');

describe('tables claimed by the spec (tables:)', () => {
  it('a prune removes the last index of a claimed table, behind the hazard gate and with its usage', async () => {
    await db.sql(`CREATE TABLE audit_log (id bigint, at timestamptz, actor text);
      CREATE INDEX audit_log_at ON audit_log (at); CREATE INDEX audit_log_actor ON audit_log (actor);`);
    const file = writeSpec(`version: 1
prune: true
tables: [audit_log]
indexes: []
`);
    const plan = await indexes(db, 'plan', file, ['--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const planned = drops(plan.stdout);
    expect(planned.map((d) => d.id).sort()).toEqual(['drop public.audit_log_actor', 'drop public.audit_log_at']);
    expect(planned[0]!.hazards[0]!.message).toMatch(/never scanned on this server/);
    expect(planned[0]!.usage[0]!.scans).toBe(0);
    const refused = await indexes(db, 'apply', file, ['--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--allow-hazards index-dropped');
    expect(await indexNames(db, 'audit_log')).toHaveLength(2);
    const applied = await indexes(db, 'apply', file, ['--yes', '--allow-hazards', 'index-dropped']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await indexNames(db, 'audit_log')).toEqual([]);
    await expectConverged(db, file);
  });

  it('without prune a claimed table only shows its indexes as kept', async () => {
    await db.sql(`CREATE TABLE sessions (id int PRIMARY KEY, token text); CREATE INDEX sessions_token ON sessions (token);`);
    const file = writeSpec(`version: 1\ntables: [sessions]\n`);
    const plan = await indexes(db, 'plan', file, ['--json']);
    const doc = JSON.parse(plan.stdout);
    expect(doc.actions).toEqual([]);
    expect(doc.unmanaged.map((u: { index: string; reason: string }) => `${u.index}: ${u.reason}`)).toEqual([
      'sessions_pkey: backs a primary key constraint',
      'sessions_token: not in the spec (kept; prune would drop it)',
    ]);
  });

  it('a whole schema: materialized views, partitions and partitioned indexes too; attached indexes go with their parent', async () => {
    await db.sql(`CREATE SCHEMA reports;
      CREATE TABLE reports.sales (day date NOT NULL, amount int) PARTITION BY RANGE (day);
      CREATE TABLE reports.sales_2026 PARTITION OF reports.sales FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE INDEX sales_day ON reports.sales (day);
      CREATE INDEX sales_2026_amount ON reports.sales_2026 (amount);
      CREATE MATERIALIZED VIEW reports.totals AS SELECT day, sum(amount) AS total FROM reports.sales GROUP BY day;
      CREATE INDEX totals_day ON reports.totals (day);`);
    const file = writeSpec(`version: 1
prune: true
tables: ["reports.*"]
indexes:
  - { schema: reports, table: totals, name: idx_totals_total, columns: [total] }
`);
    const plan = await indexes(db, 'plan', file, ['--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const doc = JSON.parse(plan.stdout);
    expect(doc.actions.map((a: { id: string }) => a.id).sort()).toEqual(['create reports.idx_totals_total', 'drop reports.sales_2026_amount', 'drop reports.sales_day', 'drop reports.totals_day']);
    const parentDrop = doc.actions.find((a: { id: string }) => a.id === 'drop reports.sales_day');
    expect(parentDrop.steps[0].sql).toBe('DROP INDEX IF EXISTS "reports"."sales_day"');
    expect(parentDrop.hazards[0].message).toContain('and the index attached to it on every partition');
    expect(doc.unmanaged.map((u: { index: string }) => u.index)).toEqual(['sales_2026_day_idx']);
    const applied = await indexes(db, 'apply', file, ['--yes', '--allow-hazards', 'index-dropped']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await indexNames(db, 'reports.sales')).toEqual([]);
    expect(await indexNames(db, 'reports.sales_2026')).toEqual([]);
    expect(await indexNames(db, 'reports.totals')).toEqual(['idx_totals_total']);
    await expectConverged(db, file);
  });

  it('a claimed table that does not exist is a spec error with a suggestion', async () => {
    const file = writeSpec(`version: 1\ntables: [audit_logs, { schema: reports, table: v }]\n`);
    await db.sql(`CREATE VIEW reports.v AS SELECT 1 AS x`);
    const plan = await indexes(db, 'plan', file);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/tables\[0\].*table "audit_logs" not found in schema "public"; did you mean "audit_log"\?/);
    expect(plan.stderr).toContain('reports.v is a view; it has no indexes to manage');
  });
});
