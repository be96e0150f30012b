import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { indexes } from '../../helpers/indexes.js';
import { tempFile } from '../../helpers/spec.js';
import { EXTRAS, INDEXES, PARTITIONED, YAML_NAMES, worldSql, yamlWorldSql } from './world.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('init_rt');
  for (const statement of [...worldSql(), ...EXTRAS, ...PARTITIONED, ...yamlWorldSql()]) await db.sql(statement);
  // A failed CREATE UNIQUE INDEX CONCURRENTLY leaves an INVALID index behind.
  await db.sql('CREATE UNIQUE INDEX CONCURRENTLY dupes_v ON dupes (v)').catch(() => undefined);
}, 120_000);
afterAll(async () => db?.drop());

async function init(file: string, args: string[] = []) {
  return runPerfctl(['init', '--from-db', '-f', file, '--db', db.url, ...args]);
}

describe('perfctl init --from-db, then indexes plan', () => {
  it('writes every index in spec form, and plan against the same database has nothing to do', async () => {
    const file = tempFile('indexes.yaml');
    const schemas = ['Sales', 'my *', 'odd.schema', 'ünï', 'select', 'publi?'].flatMap((s) => ['--schema', s]);
    const written = await init(file, ['--json', ...schemas]);
    expect(written.code, written.stderr).toBe(0);
    const doc = JSON.parse(written.stdout);
    const names = doc.indexes.map((i: { name: string }) => i.name);
    for (const ddl of INDEXES) expect(names, ddl).toContain(/INDEX (?:CONCURRENTLY )?("(?:[^"]|"")+"|\S+) ON/.exec(ddl)![1]!.replace(/^"|"$/g, '').replaceAll('""', '"'));
    expect(doc.skipped.map((s: { index: string }) => s.index).sort()).toEqual(['dupes_v', 'orders_code_b']);
    expect(doc.constraint_indexes.map((c: { index: string; constraint: string }) => `${c.index} ${c.constraint}`).sort()).toEqual([
      'Orders_code_key unique',
      'Orders_pkey primary-key',
      'Orders_room_during_excl exclusion',
    ]);

    await expectRoundTrip(file);
  });

  it('names YAML would misread, enums, NOT IN, subscripts, row comparisons, collations in predicates', async () => {
    const file = tempFile('indexes.yaml');
    const written = await init(file, ['--json', '--schema', 'Yaml: odd']);
    expect(written.code, written.stderr).toBe(0);
    const doc = JSON.parse(written.stdout);
    expect(doc.skipped).toEqual([]);
    expect(doc.indexes.map((i: { name: string }) => i.name).sort()).toEqual(
      [...YAML_NAMES.map((n) => `${n} idx`), 'enum_pred', 'not_in', 'lower_c', 'subscript', 'row_cmp', 'ilike_re', 'pred_collate', 'bool_key'].sort(),
    );
    await expectRoundTrip(file);
  });

  it("partitioned tables: an entry on the parent, attached partition indexes left to it, a partition's own index kept", async () => {
    const file = tempFile('indexes.yaml');
    const written = await init(file, ['--json', '--schema', 'Part']);
    expect(written.code, written.stderr).toBe(0);
    const doc = JSON.parse(written.stdout);
    expect(doc.indexes.map((i: { table: string; name: string }) => `${i.table}.${i.name}`).sort()).toEqual(['Events 2025.2025 only', 'Events.Events kind', 'Events.events_at_brin']);
    // Each of the parent's three indexes (the primary key's too) is attached on each of the three leaf partitions and the sub-partitioned one.
    expect(doc.attached_partition_indexes).toBe(12);
    expect(readFileSync(file, 'utf8')).toContain('12 partition indexes are attached to the partitioned indexes above and managed through them.');
    await expectRoundTrip(file);
  });

  it('the whole database at once: every schema, partitioned tables, materialized views, awkward names', async () => {
    const file = tempFile('indexes.yaml');
    const written = await init(file, ['--json']);
    expect(written.code, written.stderr).toBe(0);
    expect(JSON.parse(written.stdout).indexes.length).toBeGreaterThan(INDEXES.length + YAML_NAMES.length);
    await expectRoundTrip(file);
  });

  it("a partition alone: its own index is an entry, the ones attached to the parent's are left to it, and plan has nothing to do", async () => {
    const file = tempFile('indexes.yaml');
    const written = await init(file, ['--json', '--table', 'Part.Events 2025']);
    expect(written.code, written.stderr).toBe(0);
    const doc = JSON.parse(written.stdout);
    expect(doc.indexes.map((i: { name: string }) => i.name)).toEqual(['2025 only']);
    expect(doc.attached_partition_indexes).toBe(3);
    await expectRoundTrip(file);
  });
});

async function expectRoundTrip(file: string): Promise<void> {
  const valid = await runPerfctl(['validate', '-f', file]);
  expect(valid.code, valid.stderr + readFileSync(file, 'utf8')).toBe(0);
  const plan = await indexes(db, 'plan', file, ['--json']);
  expect(plan.code, plan.stderr).toBe(0);
  const actions = JSON.parse(plan.stdout).actions.map((a: { id: string; previous: string | null; definition: string }) => `${a.id}: ${a.previous} -> ${a.definition}`);
  expect(actions).toEqual([]);
}
