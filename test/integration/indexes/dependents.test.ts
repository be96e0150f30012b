import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { expectConverged, indexes, indexNames, invalidIndexes } from '../../helpers/indexes.js';
import { writeSpec } from '../../helpers/spec.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('idx_dependents');
});
afterAll(async () => db?.drop());

const tempIndexes = async () => (await db.sql<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relname LIKE 'perfctl\\_tmp\\_%'`)).map((r) => r.name);

describe('indexes other objects depend on', () => {
  it('a unique index a foreign key references: a replace is refused in the plan, naming the constraint, never CASCADE', async () => {
    await db.sql(`CREATE TABLE currencies (id int PRIMARY KEY, code text NOT NULL, name text);
      CREATE UNIQUE INDEX idx_currencies_code ON currencies (code);
      CREATE TABLE prices (id int PRIMARY KEY, currency text REFERENCES currencies (code));
      INSERT INTO currencies VALUES (1, 'EUR', 'Euro'), (2, 'USD', 'Dollar'); INSERT INTO prices VALUES (1, 'EUR');`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_currencies_code, table: currencies, columns: [code], include: [name], unique: true }
`);
    for (const sub of ['plan', 'apply'] as const) {
      const refused = await indexes(db, sub, file, sub === 'apply' ? ['--yes'] : []);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain('"idx_currencies_code" cannot be dropped to change its definition: it is referenced by the foreign key prices_currency_fkey on public.prices');
      expect(refused.stderr + refused.stdout).not.toMatch(/cascade/i);
    }
    expect(await tempIndexes()).toEqual([]);
    expect(await indexNames(db, 'currencies')).toEqual(['currencies_pkey', 'idx_currencies_code']);
    const fk = await db.sql(`SELECT 1 FROM pg_constraint WHERE conname = 'prices_currency_fkey'`);
    expect(fk).toHaveLength(1);
  });

  it('a prune keeps an index a foreign key references, and says why', async () => {
    await db.sql(`CREATE TABLE countries (id int PRIMARY KEY, iso text NOT NULL, name text);
      CREATE UNIQUE INDEX countries_iso ON countries (iso);
      CREATE TABLE cities (id int PRIMARY KEY, country text REFERENCES countries (iso));`);
    const file = writeSpec(`version: 1
prune: true
indexes:
  - { name: idx_countries_name, table: countries, columns: [name] }
`);
    const plan = await indexes(db, 'plan', file, ['--json']);
    const doc = JSON.parse(plan.stdout);
    expect(doc.actions.map((a: { id: string }) => a.id)).toEqual(['create public.idx_countries_name']);
    expect(doc.unmanaged).toContainEqual(expect.objectContaining({ index: 'countries_iso', reason: expect.stringContaining('referenced by the foreign key cities_country_fkey on public.cities') }));
    const applied = await indexes(db, 'apply', file, ['--yes', '--allow-hazards', 'index-dropped']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await indexNames(db, 'countries')).toEqual(['countries_iso', 'countries_pkey', 'idx_countries_name']);
    await expectConverged(db, file);
  });

  it('an index attached to a partitioned index is never dropped or replaced on its own', async () => {
    await db.sql(`CREATE TABLE readings (at date NOT NULL, sensor int, value int) PARTITION BY RANGE (at);
      CREATE TABLE readings_2026 PARTITION OF readings FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      INSERT INTO readings SELECT DATE '2026-01-01' + g % 300, g % 10, g FROM generate_series(1, 2000) g;
      CREATE INDEX readings_sensor ON readings (sensor);`);
    const [attached] = (await indexNames(db, 'readings_2026')).filter((n) => n.includes('sensor'));
    const replace = writeSpec(`version: 1
indexes:
  - { name: ${attached}, table: readings_2026, columns: [sensor, value] }
`);
    const refused = await indexes(db, 'apply', replace, ['--yes']);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`it is attached to the partitioned index public.readings_sensor`);
    expect(await tempIndexes()).toEqual([]);

    const prune = writeSpec(`version: 1
prune: true
indexes:
  - { name: idx_readings_2026_value, table: readings_2026, columns: [value] }
`);
    const applied = await indexes(db, 'apply', prune, ['--yes', '--allow-hazards', 'index-dropped']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await indexNames(db, 'readings_2026')).toEqual([attached, 'idx_readings_2026_value'].sort());
    expect(await invalidIndexes(db)).toEqual([]);
    await expectConverged(db, prune);
  });
});
