import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { expectConverged, indexes, invalidIndexes } from '../../helpers/indexes.js';
import { writeSpec } from '../../helpers/spec.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('idx_carry');
});
afterAll(async () => db?.drop());

interface Attributes {
  replident: string;
  replica_index: string | null;
  clustered: string | null;
  comment: string | null;
  options: string[] | null;
  stats: number | null;
}

async function attributes(table: string, index: string): Promise<Attributes> {
  return (
    await db.sql<Attributes>(
      `SELECT t.relreplident::text AS replident,
              (SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = t.oid AND x.indisreplident) AS replica_index,
              (SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = t.oid AND x.indisclustered) AS clustered,
              obj_description($2::regclass, 'pg_class') AS comment,
              (SELECT reloptions FROM pg_class WHERE oid = $2::regclass) AS options,
              (SELECT max(attstattarget)::int FROM pg_attribute WHERE attrelid = $2::regclass AND attstattarget > 0) AS stats
         FROM pg_class t WHERE t.oid = $1::regclass`,
      [table, index],
    )
  )[0]!;
}

describe('a replace carries over what belongs to the index', () => {
  it('replica identity: moved to the new index before the old one goes, so replicated UPDATEs still work', async () => {
    await db.sql(`CREATE TABLE accounts (id int NOT NULL, region int NOT NULL, balance int);
      INSERT INTO accounts SELECT g, g % 5, 0 FROM generate_series(1, 2000) g;
      CREATE UNIQUE INDEX idx_accounts_key ON accounts (id);
      ALTER TABLE accounts REPLICA IDENTITY USING INDEX idx_accounts_key;
      SET client_min_messages = error; CREATE PUBLICATION pub_accounts FOR TABLE accounts;`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_accounts_key, table: accounts, columns: [id, region], unique: true }
`);
    const plan = await indexes(db, 'plan', file);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('carries over: replica identity');
    expect(plan.stdout).toMatch(/ALTER TABLE "public"\."accounts" REPLICA IDENTITY USING INDEX "perfctl_tmp_[0-9a-f]{16}";\n\s+DROP INDEX CONCURRENTLY IF EXISTS "public"\."idx_accounts_key"/);
    const applied = await indexes(db, 'apply', file, ['--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await attributes('accounts', 'idx_accounts_key')).toMatchObject({ replident: 'i', replica_index: 'idx_accounts_key' });
    await db.sql(`UPDATE accounts SET balance = balance + 1 WHERE id = 7`);
    await expectConverged(db, file);
  });

  it('refuses, in the plan, a new definition that cannot be the replica identity', async () => {
    await db.sql(`CREATE TABLE ledger (id int NOT NULL, note text);
      CREATE UNIQUE INDEX idx_ledger_id ON ledger (id);
      ALTER TABLE ledger REPLICA IDENTITY USING INDEX idx_ledger_id;`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_ledger_id, table: ledger, columns: [id, note], unique: true }
`);
    const refused = await indexes(db, 'apply', file, ['--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"idx_ledger_id" is the replica identity of public.ledger');
    expect(refused.stderr).toContain('note is not NOT NULL');
    expect(await attributes('ledger', 'idx_ledger_id')).toMatchObject({ replident: 'i', replica_index: 'idx_ledger_id' });
  });

  it('comment, CLUSTER marker, storage parameters and the statistics target of an expression', async () => {
    await db.sql(`CREATE TABLE people (id int, email text, city text);
      INSERT INTO people SELECT g, 'P' || g || '@x', 'c' || g % 9 FROM generate_series(1, 1000) g;
      CREATE INDEX idx_people_email ON people (lower(email)) WITH (fillfactor = 70);
      ALTER INDEX idx_people_email ALTER COLUMN 1 SET STATISTICS 700;
      COMMENT ON INDEX idx_people_email IS 'login lookups; owner: it''s the auth team';
      ALTER TABLE people CLUSTER ON idx_people_email;`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_people_email, table: people, columns: [{ expression: "lower(email)" }, city] }
`);
    const plan = await indexes(db, 'plan', file, ['--json']);
    const action = JSON.parse(plan.stdout).actions[0];
    expect(action.carries).toEqual(['storage (fillfactor=70)', 'comment', 'statistics target 700 on lower(email)', 'CLUSTER marker']);
    const applied = await indexes(db, 'apply', file, ['--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await attributes('people', 'idx_people_email')).toEqual({
      replident: 'd',
      replica_index: null,
      clustered: 'idx_people_email',
      comment: "login lookups; owner: it's the auth team",
      options: ['fillfactor=70'],
      stats: 700,
    });
    expect(await invalidIndexes(db)).toEqual([]);
    await expectConverged(db, file);
  });
});
