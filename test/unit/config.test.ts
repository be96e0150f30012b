import { describe, expect, it } from 'vitest';
import { resolvePoolSettings } from '../../src/db/settings.js';
import { parseConnectionString, readPgpass, resolveTarget } from '../../src/db/target.js';
import { UsageError } from '../../src/errors.js';
import { interpolate, missingVariables, specDatabaseUrl } from '../../src/spec/interpolate.js';
import { redactUrl } from '../../src/redact.js';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('interpolation', () => {
  it('substitutes ${VAR} and ${VAR:-default}', () => {
    expect(interpolate('postgres://${U}@${H:-localhost}:${P:-5432}/app', { U: 'ada', P: '6543' })).toBe('postgres://ada@localhost:6543/app');
  });
  it('names missing variables and never their values', () => {
    expect(missingVariables('${A}${B:-x}${C}', { C: 'set' })).toEqual(['A']);
    const spec = { file: 's.yaml', database: { url: 'postgres://${DB_USER}:${DB_PASS}@h/db', urlPos: { line: 3, column: 8 }, embedded: false } } as never;
    expect(() => specDatabaseUrl(spec, { DB_USER: 'ada' })).toThrow(/s\.yaml:3:8: database\.url: environment variable DB_PASS is not set/);
  });
});

describe('pool settings', () => {
  it('defaults to size 10, overflow 20, 30 s wait, 60 s queries, 1 h recycle', () => {
    expect(resolvePoolSettings(undefined, {})).toMatchObject({ size: 10, maxOverflow: 20, timeout: 30_000, queryTimeout: 60_000, recycle: 3_600_000 });
  });
  it('layers the spec, then the environment', () => {
    const s = resolvePoolSettings({ size: 4, timeout: 5_000 }, { DB_POOL_SIZE: '7', DB_MAX_OVERFLOW: '0', DB_QUERY_TIMEOUT: '2.5', DB_POOL_TIMEOUT: '500ms' });
    expect(s).toMatchObject({ size: 7, maxOverflow: 0, queryTimeout: 2_500, timeout: 500 });
  });
  it('rejects nonsense with the variable named', () => {
    expect(() => resolvePoolSettings(undefined, { DB_POOL_SIZE: 'ten' })).toThrow(/DB_POOL_SIZE="ten"/);
    expect(() => resolvePoolSettings(undefined, { DB_QUERY_TIMEOUT: '-1' })).toThrow(UsageError);
  });
});

describe('connection resolution', () => {
  it('prefers --db, then the spec, then DATABASE_URL, then PG*', () => {
    const env = { DATABASE_URL: 'postgres://env@envhost/envdb', PGHOST: 'pghost', PGUSER: 'pguser' };
    expect(resolveTarget({ flag: 'postgres://flag@flaghost/f', specUrl: 'postgres://spec@spechost/s', env })).toMatchObject({ host: 'flaghost', user: 'flag', source: '--db' });
    expect(resolveTarget({ specUrl: 'postgres://spec@spechost/s', env })).toMatchObject({ host: 'spechost', database: 's' });
    expect(resolveTarget({ env })).toMatchObject({ host: 'envhost', user: 'env', database: 'envdb', source: 'DATABASE_URL' });
    expect(resolveTarget({ env: { PGHOST: 'pghost', PGUSER: 'pguser', PGPORT: '6000' } })).toMatchObject({ host: 'pghost', user: 'pguser', port: 6000, database: 'pguser' });
  });
  it('parses key=value strings and URL query parameters', () => {
    expect(parseConnectionString("host=db port=6432 dbname='my db' user=ada sslmode=require")).toMatchObject({ host: 'db', port: '6432', dbname: 'my db', user: 'ada', sslmode: 'require' });
    expect(parseConnectionString('postgresql://ada:p%40ss@[::1]:5433/app?sslmode=verify-full')).toMatchObject({ host: '::1', port: '5433', password: 'p@ss', sslmode: 'verify-full' });
  });
  it('builds TLS explicitly per sslmode', () => {
    const env = {};
    expect(resolveTarget({ flag: 'postgres://h/db?sslmode=disable', env }).ssl).toBe(false);
    expect(resolveTarget({ flag: 'postgres://h/db?sslmode=require', env }).ssl).toMatchObject({ rejectUnauthorized: false });
    expect(resolveTarget({ flag: 'postgres://h/db?sslmode=verify-full', env }).ssl).toMatchObject({ rejectUnauthorized: true, servername: 'h' });
    expect(() => resolveTarget({ flag: 'postgres://h/db?sslmode=sometimes', env })).toThrow(/unknown sslmode/);
  });
  it('never echoes an unparseable URL', () => {
    expect(() => parseConnectionString('postgres://ada:canary-secret@[bad')).toThrow(/not a valid URL/);
    try {
      parseConnectionString('postgres://ada:canary-secret@[bad');
    } catch (error) {
      expect(String((error as Error).message) + String((error as UsageError).hint)).not.toContain('canary-secret');
    }
  });
  it('reads ~/.pgpass, and ignores it when others can read it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgpass-'));
    const file = join(dir, 'pgpass');
    writeFileSync(file, '# comment\nother:5432:*:*:nope\nlocalhost:5432:app:ada:s3cr\\:et\n*:*:*:*:fallback\n');
    chmodSync(file, 0o600);
    const t = { host: 'localhost', port: 5432, database: 'app', user: 'ada' };
    expect(readPgpass(t, { PGPASSFILE: file }, [])).toBe('s3cr:et');
    expect(readPgpass({ ...t, user: 'bob' }, { PGPASSFILE: file }, [])).toBe('fallback');
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    expect(readPgpass(t, { PGPASSFILE: file }, warnings)).toBeUndefined();
    expect(warnings[0]).toMatch(/chmod 0600/);
  });
});

describe('redaction', () => {
  it('masks the password of a URL', () => {
    expect(redactUrl('postgres://ada:hunter2@db:5432/app?sslmode=require&password=x')).toBe('postgres://ada:****@db:5432/app?sslmode=require&password=****');
  });
});
