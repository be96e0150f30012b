import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { GATE_FUNCTION, expectConverged, holdGate, indexes, invalidIndexes } from '../../helpers/indexes.js';
import { writeSpec } from '../../helpers/spec.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('idx_plan');
  await db.sql(GATE_FUNCTION);
});
// A failed test must not leave a gate or lock held for the next one.
afterEach(async () => db?.endClients());
afterAll(async () => db?.drop());

/** [existing index DDL, the spec entry's columns/where/etc.]: PostgreSQL treats them as the same index. */
const SAME: Array<[string, string]> = [
  ['CREATE INDEX {n} ON eq (lower((email)::text))', 'columns: [{ expression: "lower(email)" }]'],
  ['CREATE INDEX {n} ON eq (email text_ops)', 'columns: [email]'],
  ['CREATE INDEX {n} ON eq (email COLLATE "default")', 'columns: [email]'],
  ['CREATE INDEX {n} ON eq (email ASC NULLS LAST)', 'columns: [email]'],
  ['CREATE INDEX {n} ON eq (created_at DESC NULLS FIRST)', 'columns: [{ column: created_at, order: desc }]'],
  ["CREATE INDEX {n} ON eq (n) WHERE ((status)::text <> 'x'::text)", `columns: [n], where: "status <> 'x'"`],
  ['CREATE INDEX {n} ON eq (n) INCLUDE (email)', 'columns: [n], include: [email]'],
  ['CREATE UNIQUE INDEX {n} ON eq (n, email) NULLS NOT DISTINCT', 'columns: [n, email], unique: true, nulls_not_distinct: true'],
  ["CREATE INDEX {n} ON eq USING gin (to_tsvector('simple'::regconfig, email))", `using: gin, columns: [{ expression: "to_tsvector('simple', email)" }]`],
  ['CREATE INDEX {n} ON eq USING btree (n) WHERE (n > (0)::numeric)', 'columns: [n], where: "n > 0"'],
];

/** ...and ones that differ, so the spec's definition must replace them. */
const DIFFERENT: Array<[string, string]> = [
  ['CREATE INDEX {n} ON eq (email DESC)', 'columns: [email]'],
  ['CREATE INDEX {n} ON eq (email text_pattern_ops)', 'columns: [email]'],
  ['CREATE INDEX {n} ON eq (email COLLATE "C")', 'columns: [email]'],
  ['CREATE INDEX {n} ON eq (n, email)', 'columns: [email, n]'],
  ['CREATE UNIQUE INDEX {n} ON eq (n)', 'columns: [n]'],
  ["CREATE INDEX {n} ON eq (n) WHERE ((status)::text <> 'y'::text)", `columns: [n], where: "status <> 'x'"`],
];

describe('perfctl indexes plan', () => {
  it('matches definitions the way PostgreSQL normalises them (table-driven)', async () => {
    // One table per case: the spec rejects two entries with the same definition.
    const entries: string[] = [];
    const ddl: string[] = [];
    [...SAME, ...DIFFERENT].forEach(([create, spec], i) => {
      ddl.push(`CREATE TABLE eq${i} (n numeric, email text, status varchar(20), created_at timestamptz)`);
      ddl.push(create.replace('{n}', `eq_${i}`).replace(' ON eq ', ` ON eq${i} `));
      entries.push(`  - { name: eq_${i}, table: eq${i}, ${spec} }`);
    });
    for (const statement of ddl) await db.sql(statement);
    const file = writeSpec(`version: 1\nindexes:\n${entries.join('\n')}\n`);
    const plan = await indexes(db, 'plan', file, ['--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const doc = JSON.parse(plan.stdout);
    expect(doc.summary.unchanged).toBe(SAME.length);
    expect(doc.actions.map((a: { kind: string; index: string }) => `${a.kind} ${a.index}`)).toEqual(DIFFERENT.map((_, j) => `replace eq_${SAME.length + j}`));
    const applied = await indexes(db, 'apply', file, ['--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    await expectConverged(db, file);
  });

  it('--sql is a script psql runs as is, and the result is what apply would build', async () => {
    await db.sql(`CREATE TABLE scripted (id int, v text); CREATE INDEX scripted_old ON scripted (v)`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_scripted_v, table: scripted, columns: [v] }
  - { table: scripted, columns: [id, v] }
`);
    const script = await indexes(db, 'plan', file, ['--sql']);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('ALTER INDEX "public"."scripted_old" RENAME TO "idx_scripted_v";');
    const client = await db.client();
    for (const statement of script.stdout.split('\n').filter((l) => l && !l.startsWith('--'))) await client.query(statement);
    await expectConverged(db, file);
  });

  it('never touches an index another session is building: blocked, exit 1 naming the pid', async () => {
    await db.sql(`CREATE TABLE busy (id int); INSERT INTO busy SELECT g FROM generate_series(1, 20) g;`);
    const gate = await holdGate(db, 7101);
    const other = await db.client();
    await other.query(`SET application_name = 'migration-tool'`);
    const otherPid = (await other.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const otherBuild = other.query(`CREATE INDEX CONCURRENTLY idx_busy_gate ON busy (public.gate(id, 7101))`);
    await waitForOtherBuild(otherPid);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_busy_gate, table: busy, columns: [{ expression: "public.gate(id, 7101)" }] }
`);
    const plan = await indexes(db, 'plan', file);
    expect(plan.stdout).toContain(`another session (pid ${otherPid}) is building it now`);
    const apply = await indexes(db, 'apply', file, ['--yes']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(`being built by another session (pid ${otherPid}`);
    await gate.release();
    await otherBuild;
    expect(await invalidIndexes(db)).toEqual([]);
    await expectConverged(db, file);
  });
});

async function waitForOtherBuild(pid: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const rows = await db.sql(`SELECT 1 FROM pg_stat_progress_create_index WHERE pid = $1 AND index_relid <> 0`, [pid]);
    if (rows.length) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the other session never started building');
}
