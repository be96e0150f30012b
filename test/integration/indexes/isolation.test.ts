import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../../src/core/apply/executor.js';
import { buildPlan } from '../../../src/core/plan/build.js';
import { DEFAULT_PLAN_OPTIONS } from '../../../src/core/plan/types.js';
import { readIndexSnapshot } from '../../../src/db/catalog/indexes.js';
import { createApplyPort } from '../../../src/db/ddl/port.js';
import { Database } from '../../../src/db/pool.js';
import { resolvePoolSettings } from '../../../src/db/settings.js';
import { resolveTarget } from '../../../src/db/target.js';
import { parseSpec } from '../../../src/spec/load.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('isolation');
  await db.sql('CREATE TABLE t (id int, a int, b int); INSERT INTO t SELECT g, g % 97, g % 13 FROM generate_series(1, 20000) g');
});
afterAll(async () => db?.drop());

/**
 * Builds run with statement_timeout 0 on their own sessions; none of that may
 * reach the pool the same process keeps using (reliability catalogue #16).
 */
describe('DDL session settings stay out of the pool', () => {
  it('after an apply, a pooled query still hits DB_QUERY_TIMEOUT', async () => {
    const database = new Database(resolveTarget({ flag: db.url, env: {} }), resolvePoolSettings(undefined, { DB_QUERY_TIMEOUT: '1', DB_POOL_SIZE: '2', DB_MAX_OVERFLOW: '0' }), 'perfctl/test');
    try {
      const spec = await parseSpec('version: 1\nindexes:\n  - { table: t, name: t_a, columns: [a] }\n  - { table: t, name: t_b, columns: [b] }\n', 'spec.yaml');
      const snapshot = await readIndexSnapshot(database, spec.indexes);
      const plan = buildPlan(spec, snapshot, DEFAULT_PLAN_OPTIONS);
      const port = createApplyPort(database, snapshot.serverVersionNum, { lockTimeoutMs: 5_000, statementTimeoutMs: 0 }, 1_000);
      const outcome = await runApply(plan, port, { concurrency: 2, retries: 0, retryDelayMs: 0, keepInvalid: false, progressIntervalMs: 100, blockerMinAgeMs: 1_000 }, () => {}, new AbortController().signal);
      expect(outcome.results.map((r) => r.status)).toEqual(['done', 'done']);
      // Every pooled client, not just one.
      const clients = await Promise.all([database.connect(), database.connect()]);
      const timeouts = await Promise.all(clients.map(async (c) => (await c.query('SHOW statement_timeout')).rows[0].statement_timeout));
      clients.forEach((c) => c.release());
      expect(timeouts).toEqual(['1s', '1s']);
      await expect(database.query('SELECT pg_sleep(1.5)')).rejects.toMatchObject({ details: expect.objectContaining({ code: '57014' }) });
    } finally {
      await database.close();
    }
  });
});
