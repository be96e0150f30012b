import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { findingsOf, section } from '../helpers/report.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('report_xid');
  // A table that asks autovacuum to freeze it every 100,000 transactions, then 160,000 of them
  // while a session holds the lock autovacuum would need: the anti-wraparound vacuum cannot run.
  await db.sql(`CREATE TABLE ledger (id int PRIMARY KEY, amount int) WITH (autovacuum_freeze_max_age = 100000);
    INSERT INTO ledger SELECT g, g FROM generate_series(1, 1000) g;
    CREATE TABLE fresh (id int)`);
  const holder = await db.client();
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE ledger IN SHARE UPDATE EXCLUSIVE MODE');
  await db.sql('DO $$ BEGIN FOR i IN 1..160000 LOOP PERFORM txid_current(); COMMIT; END LOOP; END $$');
  await db.sql('VACUUM (FREEZE) fresh');
});
afterAll(async () => db?.drop());

describe('perfctl report: transaction ID wraparound', () => {
  it('names the table autovacuum has not frozen in time, with its age against its freeze_max_age and the wraparound limit', async () => {
    const result = await runPerfctl(['report', 'wraparound', '--json', '--db', db.url]);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    const found = findingsOf(doc, 'xid-wraparound');
    expect(found.map((f) => f.object)).toEqual(['public.ledger']);
    expect(found[0]!.evidence).toMatchObject({ freeze_max_age: 100000, vacuum_running: null });
    expect(found[0]!.evidence.xid_age).toBeGreaterThanOrEqual(160000);
    expect(found[0]!.message).toMatch(/^1\d\d,\d{3} transactions since it was last frozen, past its autovacuum_freeze_max_age of 100,000; no VACUUM running on it; last vacuumed /);
    expect(section(doc, 'wraparound').rows.find((r: any) => r.object === `database ${db.name}`)).toMatchObject({ xid_age: expect.any(Number) });
  });
});
