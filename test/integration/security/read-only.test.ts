import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { writeSpec } from '../../helpers/spec.js';

/** A read-only database (as a standby is): plan and apply say so and what to do, exit 3, and change nothing. */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('sec_ro');
  await db.sql('CREATE TABLE t (id int, v text)');
  await db.sql(`ALTER DATABASE "${db.name}" SET default_transaction_read_only = on`);
});
afterAll(async () => db?.drop());

describe('a read-only database', () => {
  it('plan and apply exit 3 naming the cause and the way out', async () => {
    const spec = writeSpec(['version: 1', 'indexes:', '  - { name: t_v, table: t, columns: [v] }', ''].join('\n'));
    for (const args of [['plan'], ['apply', '--yes']]) {
      const result = await runPerfctl(['indexes', ...args, '-f', spec, '--db', db.url]);
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(/is read-only \(a standby, or default_transaction_read_only is on\)/);
      expect(result.stderr).toMatch(/hint: Point --db at the primary/);
    }
    expect(await db.sql("SELECT 1 FROM pg_class WHERE relname = 't_v'")).toHaveLength(0);
  });
});
