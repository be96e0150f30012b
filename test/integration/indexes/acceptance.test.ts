import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { CASES } from './acceptance/cases.js';
import { runCase } from './acceptance/harness.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('idx_acceptance');
});
afterAll(async () => db?.drop());

describe('index migrations: seed, spec, apply, re-read, a second plan with nothing to do', () => {
  CASES.forEach((c, i) => {
    it(c.name, async () => {
      await runCase(db, c, `case_${i}`);
    });
  });
});
