import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { ConnectionError, UsageError } from '../errors.js';
import { redactUrl, registerSecret } from '../redact.js';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** Where and how to connect, with the password kept out of anything printable. */
export interface ConnectionTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  sslmode: SslMode;
  /** Explicit TLS options; false for no TLS. */
  ssl: false | ConnectionOptions;
  /** Resolved lazily so the secret never sits in an options object that gets logged. */
  password: () => Promise<string | undefined>;
  /** What supplied the target: --db, the spec, DATABASE_URL, libpq variables, or embedded. */
  source: string;
  warnings: string[];
}

/** "host:port/database", for messages. Never includes credentials. */
export function describeTarget(t: Pick<ConnectionTarget, 'host' | 'port' | 'database'>): string {
  const host = t.host.startsWith('/') ? `socket ${t.host}` : t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${host}:${t.port}/${t.database}`;
}

interface Params {
  host?: string;
  port?: string;
  dbname?: string;
  user?: string;
  password?: string;
  sslmode?: string;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
}

/** Parse a postgres:// URL or a libpq "key=value" string. */
export function parseConnectionString(input: string): Params {
  if (/^postgres(ql)?:\/\//i.test(input)) return parseUrl(input);
  if (/^\w+:\/\//.test(input)) throw new UsageError(`unsupported connection URL scheme in ${redactUrl(input)}`, { hint: 'Use postgres://user@host:5432/dbname.' });
  return parseKeyValue(input);
}

function parseUrl(input: string): Params {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    // Never echo the input: it may hold a password.
    throw new UsageError('the connection URL is not a valid URL', { hint: 'Expected postgres://user:password@host:5432/dbname (percent-encode special characters in the password).' });
  }
  const params: Params = {};
  if (url.hostname) params.host = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ''));
  if (url.port) params.port = url.port;
  const db = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (db) params.dbname = db;
  if (url.username) params.user = decodeURIComponent(url.username);
  if (url.password) params.password = decodeURIComponent(url.password);
  for (const [key, value] of url.searchParams) {
    if (key === 'host' || key === 'port' || key === 'dbname' || key === 'user' || key === 'password' || key.startsWith('ssl')) {
      (params as Record<string, string>)[key] = value;
    }
  }
  return params;
}

function parseKeyValue(input: string): Params {
  const params: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:'((?:\\.|[^'])*)'|(\S+))/g;
  let matched = false;
  for (const m of input.matchAll(re)) {
    matched = true;
    params[m[1]!] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  }
  if (!matched) throw new UsageError('the connection string is neither a postgres:// URL nor key=value pairs');
  return params as Params;
}

export interface ResolveInput {
  /** --db */
  flag?: string;
  /** database.url from the spec, already interpolated. */
  specUrl?: string;
  env: NodeJS.ProcessEnv;
}

/** --db > spec > DATABASE_URL > libpq PG* variables (and ~/.pgpass for the password). */
export function resolveTarget(input: ResolveInput): ConnectionTarget {
  const { env } = input;
  let params: Params = {};
  let source = 'libpq environment (PGHOST, PGPORT, ...)';
  if (input.flag) [params, source] = [parseConnectionString(input.flag), '--db'];
  else if (input.specUrl) [params, source] = [parseConnectionString(input.specUrl), 'database.url in the spec'];
  else if (env.DATABASE_URL) [params, source] = [parseConnectionString(env.DATABASE_URL), 'DATABASE_URL'];

  const user = params.user ?? env.PGUSER ?? safeUsername();
  const host = params.host ?? env.PGHOST ?? 'localhost';
  const portText = params.port ?? env.PGPORT ?? '5432';
  const port = Number(portText);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UsageError(`invalid port "${portText}"`);
  const database = params.dbname ?? env.PGDATABASE ?? user;
  const sslmodeText = (params.sslmode ?? env.PGSSLMODE ?? 'prefer').toLowerCase();
  if (!SSL_MODES.includes(sslmodeText as SslMode)) {
    throw new UsageError(`unknown sslmode "${sslmodeText}"`, { hint: `Use one of ${SSL_MODES.join(', ')}.` });
  }
  const sslmode = sslmodeText as SslMode;
  const warnings: string[] = [];
  const explicitPassword = params.password ?? (env.PGPASSWORD || undefined);
  registerSecret(explicitPassword);
  const target: ConnectionTarget = {
    host,
    port,
    database,
    user,
    sslmode,
    ssl: buildSsl(sslmode, host, params, env),
    source,
    warnings,
    password: async () => {
      if (explicitPassword !== undefined) return explicitPassword;
      const fromFile = readPgpass({ host, port, database, user }, env, warnings);
      registerSecret(fromFile);
      // Only called when the server asks for a password: say so rather than let the driver fail obscurely.
      if (fromFile === undefined) {
        throw new ConnectionError(`cannot connect to ${describeTarget({ host, port, database })}: the server asks for a password for user "${user}" and none is configured`, {
          hint: `Put it in the URL, PGPASSWORD or ~/.pgpass${warnings.length ? ` (${warnings.join('; ')})` : ''}.`,
        });
      }
      return fromFile;
    },
  };
  return target;
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return 'postgres';
  }
}

/**
 * TLS is built explicitly: node-postgres maps `require` to full verification
 * and warns that this will change, so perfctl spells out libpq's meaning.
 * `prefer`/`allow` try TLS first and fall back (see pool.ts).
 */
function buildSsl(mode: SslMode, host: string, params: Params, env: NodeJS.ProcessEnv): false | ConnectionOptions {
  if (mode === 'disable' || host.startsWith('/')) return false;
  const read = (file: string | undefined, what: string) => {
    if (!file) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConnectionError(`cannot read ${what} ${file}: ${(error as Error).message}`);
    }
  };
  const defaultRoot = join(homedir(), '.postgresql', 'root.crt');
  const rootFile = params.sslrootcert ?? env.PGSSLROOTCERT ?? (existsSync(defaultRoot) ? defaultRoot : undefined);
  const options: ConnectionOptions = {
    ca: read(rootFile, 'sslrootcert'),
    cert: read(params.sslcert ?? env.PGSSLCERT, 'sslcert'),
    key: read(params.sslkey ?? env.PGSSLKEY, 'sslkey'),
  };
  if (mode === 'verify-full') return { ...options, rejectUnauthorized: true, servername: host };
  if (mode === 'verify-ca') return { ...options, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  if (mode === 'require' && options.ca) return { ...options, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  return { ...options, rejectUnauthorized: false };
}

/** ~/.pgpass (or PGPASSFILE), ignored with a warning when group- or world-readable, as libpq does. */
export function readPgpass(t: { host: string; port: number; database: string; user: string }, env: NodeJS.ProcessEnv, warnings: string[]): string | undefined {
  const file = env.PGPASSFILE ?? join(homedir(), '.pgpass');
  let text: string;
  try {
    const mode = statSync(file).mode;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      warnings.push(`ignoring ${file}: it is readable by group or others; run chmod 0600 ${file}`);
      return undefined;
    }
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const host = t.host === 'localhost' || t.host.startsWith('/') ? ['localhost', t.host] : [t.host];
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const fields = splitPgpassLine(line);
    if (fields.length < 5) continue;
    const [h, p, d, u, password] = fields as [string, string, string, string, string];
    const match = (pattern: string, values: string[]) => pattern === '*' || values.includes(pattern);
    if (match(h, host) && match(p, [String(t.port)]) && match(d, [t.database]) && match(u, [t.user])) return password;
  }
  return undefined;
}

function splitPgpassLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) current += line[++i];
    else if (c === ':' && fields.length < 4) {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields;
}
