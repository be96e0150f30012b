import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { expectConverged, indexes, invalidIndexes } from '../../helpers/indexes.js';
import { writeSpec } from '../../helpers/spec.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('idx_failed_replace');
  // An event trigger (created by the superuser) that refuses to drop one index, as a stand-in for any failure after the temp build.
  await db.sql(`CREATE TABLE frozen_drops (pattern text);
    CREATE FUNCTION refuse_frozen_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM frozen_drops WHERE current_query() LIKE '%' || pattern || '%') THEN
        RAISE EXCEPTION 'drops of this index are frozen';
      END IF;
    END $$;
    CREATE EVENT TRIGGER refuse_frozen_drop ON ddl_command_start WHEN TAG IN ('DROP INDEX') EXECUTE FUNCTION refuse_frozen_drop();
    -- Fails a DROP INDEX CONCURRENTLY at its very end, after it has marked the index INVALID: a drop that stopped half-way.
    CREATE TABLE late_drops (name text);
    CREATE FUNCTION fail_late_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects() o JOIN late_drops l ON l.name = o.object_name) THEN
        RAISE EXCEPTION 'the drop failed half-way';
      END IF;
    END $$;
    CREATE EVENT TRIGGER fail_late_drop ON sql_drop EXECUTE FUNCTION fail_late_drop();`);
});
afterAll(async () => {
  await db?.sql('DROP EVENT TRIGGER IF EXISTS refuse_frozen_drop; DROP EVENT TRIGGER IF EXISTS fail_late_drop').catch(() => undefined);
  await db?.drop();
});

const tempIndexes = async () => (await db.sql<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relname LIKE 'perfctl\\_tmp\\_%'`)).map((r) => r.name);

describe('a replace that fails after its temporary build', () => {
  it('drops the new index, keeps the old one valid, exits 1; the next apply converges', async () => {
    await db.sql(`CREATE TABLE shipments (id int PRIMARY KEY, carrier int, sent date);
      INSERT INTO shipments SELECT g, g % 7, DATE '2026-01-01' + g % 300 FROM generate_series(1, 3000) g;
      CREATE UNIQUE INDEX idx_shipments_carrier ON shipments (id, carrier);
      INSERT INTO frozen_drops VALUES ('"idx_shipments_carrier"');`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_shipments_carrier, table: shipments, columns: [id, carrier, sent], unique: true }
`);
    const failed = await indexes(db, 'apply', file, ['--yes']);
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toContain('drops of this index are frozen');
    expect(failed.stderr).toMatch(/the new index public\.perfctl_tmp_[0-9a-f]{16} was dropped \(public\.idx_shipments_carrier is unchanged\)/);
    expect(await tempIndexes()).toEqual([]);
    expect(await invalidIndexes(db)).toEqual([]);
    const def = (await db.sql<{ def: string }>(`SELECT pg_get_indexdef('idx_shipments_carrier'::regclass) AS def`))[0]!.def;
    expect(def).toContain('(id, carrier)');

    await db.sql(`DELETE FROM frozen_drops`);
    const again = await indexes(db, 'apply', file, ['--yes']);
    expect(again.code, again.stderr).toBe(0);
    await expectConverged(db, file);
  });

  it('keeps the new index when the old one was left INVALID by a drop that stopped half-way; the next apply renames it into place', async () => {
    await db.sql(`CREATE TABLE parcels (id int, weight int, zone int);
      INSERT INTO parcels SELECT g, g % 50, g % 9 FROM generate_series(1, 2000) g;
      CREATE INDEX idx_parcels_weight ON parcels (weight);
      INSERT INTO late_drops VALUES ('idx_parcels_weight');`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_parcels_weight, table: parcels, columns: [weight, zone] }
`);
    const failed = await indexes(db, 'apply', file, ['--yes']);
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toContain('the drop failed half-way');
    expect(failed.stderr).toMatch(/the new index public\.perfctl_tmp_[0-9a-f]{16} was kept: public\.idx_parcels_weight is INVALID, and the next apply renames the new one into place/);
    expect(await invalidIndexes(db)).toEqual(['idx_parcels_weight']);
    const [temp] = await tempIndexes();
    expect(temp).toMatch(/^perfctl_tmp_/);

    await db.sql(`DELETE FROM late_drops`);
    const plan = await indexes(db, 'plan', file);
    expect(plan.stdout).toContain(`repair public.idx_parcels_weight`);
    expect(plan.stdout).toContain(`an equivalent valid index "${temp}" takes its name`);
    const again = await indexes(db, 'apply', file, ['--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(await tempIndexes()).toEqual([]);
    await expectConverged(db, file);
  });
});
