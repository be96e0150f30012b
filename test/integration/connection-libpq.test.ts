import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
let url: URL;
beforeAll(async () => {
  db = await createTestDatabase('libpq');
  url = new URL(db.url);
});
afterAll(async () => db?.drop());

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const doctor = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const result = await runPerfctl(['doctor', '--json', ...args], { env });
  return { ...result, doc: result.stdout ? JSON.parse(result.stdout) : undefined };
};

describe('connecting as libpq does', () => {
  it('PGSERVICE with a service file: connects where the service says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-service-'));
    const file = join(dir, 'pg_service.conf');
    writeFileSync(file, `[perfctl_test]\nhost=${url.hostname}\nport=${url.port}\ndbname=${db.name}\nuser=${decodeURIComponent(url.username)}\nsslmode=disable\n`);
    const result = await doctor([], { PGSERVICE: 'perfctl_test', PGSERVICEFILE: file, PGPASSWORD: decodeURIComponent(url.password), PGHOST: '192.0.2.1' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.doc.connection).toMatchObject({ source: 'PGSERVICE, service perfctl_test', target: `${url.hostname}:${url.port}/${db.name}` });
    expect(result.doc.server.database).toBe(db.name);
  });

  it('options= reaches the server, and perfctl\'s own session settings still hold', async () => {
    const withOptions = new URL(db.url);
    withOptions.searchParams.set('options', '-c jit=on -c search_path=audit');
    const result = await doctor(['--db', withOptions.toString()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.doc.session_settings).toMatchObject({ jit: 'off', search_path: 'pg_catalog,pg_temp' });
    // The server read them: one it does not know refuses the connection.
    withOptions.searchParams.set('options', '-c perfctl_no_such_setting=1');
    const refused = await runPerfctl(['doctor', '--db', withOptions.toString()]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('perfctl_no_such_setting');
  });

  it('several hosts: the first that answers is used; none answering is one clear error', async () => {
    const [down1, down2] = [await closedPort(), await closedPort()];
    const auth = `${url.username}:${url.password}`;
    const result = await doctor(['--db', `postgres://${auth}@127.0.0.1:${down1},${url.hostname}:${url.port}/${db.name}?sslmode=disable`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.doc.connection.target).toBe(`${url.hostname}:${url.port}/${db.name}`);
    const none = await runPerfctl(['doctor', '--db', `postgres://${auth}@127.0.0.1:${down1},127.0.0.1:${down2}/${db.name}?sslmode=disable`]);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(new RegExp(`none of the 2 hosts accepted a connection: cannot connect to 127\\.0\\.0\\.1:${down1}/${db.name}: .*; cannot connect to 127\\.0\\.0\\.1:${down2}/`));
    expect(none.stderr).not.toContain(decodeURIComponent(url.password));
  });
});
