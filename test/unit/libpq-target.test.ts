import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHost } from '../../src/db/service.js';
import { parseConnectionString, resolveTarget } from '../../src/db/target.js';

function serviceFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgservice-'));
  writeFileSync(join(dir, 'pg_service.conf'), text);
  return dir;
}

describe('connecting like libpq', () => {
  const dir = serviceFile('# services\n[other]\nhost=elsewhere\n\n[app]\nhost = svc.example\nport=6001\ndbname=appdb\nuser=svcuser\noptions=-c search_path=app\n');
  const file = join(dir, 'pg_service.conf');

  it('PGSERVICE fills in what the string left unset, ahead of the PG* variables', () => {
    const t = resolveTarget({ env: { PGSERVICE: 'app', PGSERVICEFILE: file, PGHOST: 'envhost', PGPORT: '7000', PGDATABASE: 'envdb' } });
    expect(t).toMatchObject({ host: 'svc.example', port: 6001, database: 'appdb', user: 'svcuser', options: '-c search_path=app', source: 'PGSERVICE, service app' });
    const flagged = resolveTarget({ flag: 'service=app dbname=mine', env: { PGSERVICEFILE: file } });
    expect(flagged).toMatchObject({ host: 'svc.example', database: 'mine', source: '--db, service app' });
    expect(resolveTarget({ flag: 'postgres://u@h/db?service=app', env: { PGSERVICEFILE: file } })).toMatchObject({ host: 'h', port: 6001, user: 'u', database: 'db' });
  });

  it('looks in PGSYSCONFDIR/pg_service.conf too, and names a service it cannot find', () => {
    expect(resolveTarget({ env: { PGSERVICE: 'app', PGSERVICEFILE: join(dir, 'none.conf'), PGSYSCONFDIR: dir } })).toMatchObject({ host: 'svc.example' });
    expect(() => resolveTarget({ env: { PGSERVICE: 'nope', PGSERVICEFILE: file, PGSYSCONFDIR: dir } })).toThrow('definition of service "nope" not found');
    const broken = join(serviceFile('[app]\nhost\n'), 'pg_service.conf');
    expect(() => resolveTarget({ env: { PGSERVICE: 'app', PGSERVICEFILE: broken } })).toThrow(/syntax error in service file .*, line 2/);
  });

  it('takes several hosts, with one port for all or one per host', () => {
    expect(resolveTarget({ flag: 'postgres://u@a.example:5001,b.example:5002,[::1]:5003/db', env: {} }).hosts).toEqual([
      { host: 'a.example', port: 5001 },
      { host: 'b.example', port: 5002 },
      { host: '::1', port: 5003 },
    ]);
    expect(resolveTarget({ flag: 'host=a,b port=5433 dbname=x', env: {} })).toMatchObject({ host: 'a', port: 5433, hosts: [{ host: 'a', port: 5433 }, { host: 'b', port: 5433 }] });
    expect(() => resolveTarget({ flag: 'host=a,b,c port=1,2', env: {} })).toThrow('could not match 2 port numbers to 3 hosts');
    expect(parseConnectionString('postgres://u:pw@a:1,b:2/db?options=-c%20jit%3Don')).toMatchObject({ host: 'a,b', port: '1,2', password: 'pw', options: '-c jit=on' });
  });

  it('with no host anywhere, uses the Unix socket directory that holds the server socket, else localhost', async () => {
    const port = 40000 + Math.floor(Math.random() * 20000);
    expect(defaultHost(port)).toBe('localhost');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join('/tmp', `.s.PGSQL.${port}`), resolve));
    try {
      expect(defaultHost(port)).toBe('/tmp');
      expect(resolveTarget({ env: { PGPORT: String(port) } })).toMatchObject({ host: '/tmp', port, ssl: false });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
