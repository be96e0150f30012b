import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runPerfctl } from '../helpers/cli.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('doctor');
});
afterAll(async () => db?.drop());

describe('perfctl doctor', () => {
  it('reports the server, the pool settings in force and what can run', async () => {
    const result = await runPerfctl(['doctor', '--json', '--db', db.url], { env: { DB_QUERY_TIMEOUT: '42' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.version).toBe(1);
    expect(doc.server.version_num).toBeGreaterThanOrEqual(130000);
    expect(doc.session_settings).toMatchObject({ application_name: 'perfctl/doctor', jit: 'off', statement_timeout: '42s', transaction_isolation: 'read committed' });
    expect(doc.pool).toMatchObject({ size: 10, max_overflow: 20, max: 30, query_timeout_ms: 42_000 });
    expect(doc.checks.find((c: { id: string }) => c.id === 'session-settings').status).toBe('ok');
    expect(doc.capabilities.map((c: { command: string }) => c.command)).toContain('indexes apply');
  });
});
