import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildInProgress, expectConverged, GATE_FUNCTION, holdGate, indexes, invalidIndexes } from '../../helpers/indexes.js';
import { writeSpec } from '../../helpers/spec.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('idx_partitioned');
  await db.sql(GATE_FUNCTION);
});
afterAll(async () => db?.drop());

const REGIONS = ['eu', 'us', 'ap'];
const MONTHS = 18;

/** Three levels: a parent by region, each region by month; 3 + 54 partitions. */
async function createTree(name: string, rows: string): Promise<void> {
  const statements = [`CREATE TABLE ${name} (id int NOT NULL, region text NOT NULL, day date NOT NULL, kind int) PARTITION BY LIST (region)`];
  for (const region of REGIONS) {
    statements.push(`CREATE TABLE ${name}_${region} PARTITION OF ${name} FOR VALUES IN ('${region}') PARTITION BY RANGE (day)`);
    for (let m = 0; m < MONTHS; m++) {
      const from = new Date(Date.UTC(2025, m, 1)).toISOString().slice(0, 10);
      const to = new Date(Date.UTC(2025, m + 1, 1)).toISOString().slice(0, 10);
      statements.push(`CREATE TABLE ${name}_${region}_m${m} PARTITION OF ${name}_${region} FOR VALUES FROM ('${from}') TO ('${to}')`);
    }
  }
  statements.push(rows);
  await db.sql(statements.join(';\n'));
}

interface Tree {
  parent_valid: boolean;
  attached: number;
  leaves_without: number;
}

/** The parent index's validity, how many indexes are attached below it, and leaves with no index in the tree. */
async function tree(table: string, index: string): Promise<Tree> {
  return (
    await db.sql<Tree>(
      `WITH RECURSIVE below AS (
         SELECT inhrelid AS oid FROM pg_inherits WHERE inhparent = $2::regclass
         UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN below b ON i.inhparent = b.oid)
       SELECT (SELECT indisvalid FROM pg_index WHERE indexrelid = $2::regclass) AS parent_valid,
              (SELECT count(*)::int FROM below) AS attached,
              (SELECT count(*)::int FROM pg_partition_tree($1::regclass) t
                WHERE t.isleaf AND NOT EXISTS (SELECT 1 FROM pg_index x JOIN below b ON b.oid = x.indexrelid WHERE x.indrelid = t.relid)) AS leaves_without`,
      [table, index],
    )
  )[0]!;
}

describe('indexes on partitioned tables', () => {
  it('builds on every partition concurrently, defines the parent ON ONLY, attaches bottom-up; the parent is valid', async () => {
    await createTree('events', `INSERT INTO events SELECT g, (ARRAY['eu','us','ap'])[1 + g % 3], DATE '2025-01-01' + g % 540, g % 13 FROM generate_series(1, 20000) g`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_events_kind, table: events, columns: [kind, day] }
`);
    const plan = await indexes(db, 'plan', file, ['--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const actions = JSON.parse(plan.stdout).actions as Array<{ id: string; kind: string; steps: Array<{ kind: string; sql: string }> }>;
    expect(actions).toHaveLength(55);
    expect(actions[0]!.steps[0]!.sql).toBe('CREATE INDEX CONCURRENTLY "events_ap_m0_idx_events_kind" ON "public"."events_ap_m0" USING btree ("kind", "day")');
    const parent = actions.at(-1)!;
    expect(parent.id).toBe('create public.idx_events_kind');
    expect(parent.steps.slice(0, 4).map((s) => s.sql)).toEqual([
      'CREATE INDEX "idx_events_kind" ON ONLY "public"."events" USING btree ("kind", "day")',
      'CREATE INDEX "events_ap_idx_events_kind" ON ONLY "public"."events_ap" USING btree ("kind", "day")',
      'CREATE INDEX "events_eu_idx_events_kind" ON ONLY "public"."events_eu" USING btree ("kind", "day")',
      'CREATE INDEX "events_us_idx_events_kind" ON ONLY "public"."events_us" USING btree ("kind", "day")',
    ]);
    expect(parent.steps.filter((s) => s.kind === 'attach')).toHaveLength(57);
    expect(parent.steps.at(-1)!.sql).toBe('ALTER INDEX "public"."idx_events_kind" ATTACH PARTITION "public"."events_ap_idx_events_kind"');

    const applied = await indexes(db, 'apply', file, ['--yes', '--concurrency', '2']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await tree('events', 'idx_events_kind')).toEqual({ parent_valid: true, attached: 57, leaves_without: 0 });
    await expectConverged(db, file);
    // A partition created later gets its index from PostgreSQL itself: still nothing to do.
    await db.sql(`CREATE TABLE events_eu_m18 PARTITION OF events_eu FOR VALUES FROM ('2026-07-01') TO ('2026-08-01')`);
    await expectConverged(db, file);
  });

  it('interrupted mid-way: what is built stays valid, and the next apply attaches it and finishes', async () => {
    // Rows in three leaves only: those builds wait on the gate, the others finish at once.
    await createTree('visits', `INSERT INTO visits SELECT g, 'us', DATE '2025-02-01' + g % 70, g % 7 FROM generate_series(1, 300) g`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_visits_gate, table: visits, columns: [{ expression: "public.gate(kind, 7101)" }] }
`);
    const gate = await holdGate(db, 7101);
    const controller = new AbortController();
    const run = indexes(db, 'apply', file, ['--yes', '--concurrency', '2', '--lock-timeout', '30s'], { signal: controller.signal });
    try {
      await buildInProgress(db, 'building index');
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      controller.abort('SIGINT');
    }
    const interrupted = await run;
    await gate.release();
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(await invalidIndexes(db)).toEqual([]);
    const plan = JSON.parse((await indexes(db, 'plan', file, ['--json'])).stdout);
    const creates = plan.actions.filter((a: { id: string }) => a.id !== 'create public.idx_visits_gate');
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.length).toBeLessThan(54);
    const again = await indexes(db, 'apply', file, ['--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(await tree('visits', 'idx_visits_gate')).toEqual({ parent_valid: true, attached: 57, leaves_without: 0 });
    await expectConverged(db, file);
  });

  it('repairs a parent index left INVALID by a half-done run: attaches what is missing', async () => {
    await db.sql(`CREATE TABLE orders (id int NOT NULL, placed date NOT NULL, total int) PARTITION BY RANGE (placed);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      INSERT INTO orders SELECT g, DATE '2025-01-01' + g % 700, g FROM generate_series(1, 3000) g;
      CREATE INDEX idx_orders_total ON ONLY orders (total);
      CREATE INDEX orders_2025_total ON orders_2025 (total);
      ALTER INDEX idx_orders_total ATTACH PARTITION orders_2025_total;`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_orders_total, table: orders, columns: [total] }
`);
    const drift = await indexes(db, 'plan', file, ['--exit-code']);
    expect(drift.code, drift.stderr).toBe(2);
    expect(drift.stdout).toContain('INVALID (a half-done partitioned build): 1 of 2 partitions have no index attached');
    const checked = await runPerfctl(['check', '-f', file, '--db', db.url, '--json']);
    expect(checked.code, checked.stderr).toBe(1);
    const result = JSON.parse(checked.stdout).results.find((r: { check: string }) => r.check === 'spec-drift');
    expect(result).toMatchObject({ verdict: 'fail', evidence: { action: 'repair' } });
    expect(result.message).toContain('1 of 2 partitions have no index attached');
    const applied = await indexes(db, 'apply', file, ['--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await tree('orders', 'idx_orders_total')).toEqual({ parent_valid: true, attached: 2, leaves_without: 0 });
    await expectConverged(db, file);
  });

  it('a unique index must include the partition key of every level: a spec error that says which', async () => {
    await createTree('payments', 'SELECT 1');
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_payments_id, table: payments, columns: [id, region], unique: true }
`);
    const refused = await indexes(db, 'plan', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('a unique index on a partitioned table must include the partition key: add day (the partition key of public.payments_');
    const good = writeSpec(`version: 1
indexes:
  - { name: idx_payments_id, table: payments, columns: [id, region, day], unique: true }
`);
    const applied = await indexes(db, 'apply', good, ['--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await tree('payments', 'idx_payments_id')).toEqual({ parent_valid: true, attached: 57, leaves_without: 0 });
    await expectConverged(db, good);
  });
});
