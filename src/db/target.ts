import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { ConnectionError, UsageError } from '../errors.js';
import { redactUrl, registerSecret } from '../redact.js';
import { defaultHost, readService } from './service.js';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** Where and how to connect, with the password kept out of anything printable. */
export interface ConnectionTarget {
  /** The host connected to: the first of `hosts` until openDatabase finds which one answers. */
  host: string;
  port: number;
  /** Every host:port given (libpq's comma-separated lists), tried in order. */
  hosts: Array<{ host: string; port: number }>;
  /** libpq's `options` (PGOPTIONS): command-line options for the server, sent ahead of perfctl's own. */
  options?: string;
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
  service?: string;
  options?: string;
}

const KEYS = ['host', 'port', 'dbname', 'user', 'password', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'service', 'options'];

/** Parse a postgres:// URL or a libpq "key=value" string. */
export function parseConnectionString(input: string): Params {
  if (/^postgres(ql)?:\/\//i.test(input)) return parseUrl(input);
  if (/^\w+:\/\//.test(input)) throw new UsageError(`unsupported connection URL scheme in ${redactUrl(input)}`, { hint: 'Use postgres://user@host:5432/dbname.' });
  return parseKeyValue(input);
}

function parseUrl(input: string): Params {
  // Several hosts (postgres://u@a:5432,b:5433/db) are libpq's; WHATWG URLs take one, so the list is read here.
  const authority = /^(postgres(?:ql)?:\/\/(?:[^@/?#]*@)?)([^/?#]*)(.*)$/is.exec(input);
  const list = authority?.[2]?.includes(',') ? authority[2].split(',') : undefined;
  if (list) input = `${authority![1]}${list[0]}${authority![3]}`;
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
  if (list) {
    const parts = list.map((h) => /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(h));
    params.host = parts.map((m) => decodeURIComponent((m?.[1] ?? '').replace(/^\[|\]$/g, ''))).join(',');
    if (parts.some((m) => m?.[2])) params.port = parts.map((m) => m?.[2] || '5432').join(',');
  }
  for (const [key, value] of url.searchParams) {
    if (KEYS.includes(key) || key.startsWith('ssl')) (params as Record<string, string>)[key] = value;
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
    // "sslmode= password=x" (an empty shell variable): libpq reads the value "password=x". Never let
    // it travel into a message; refuse the string without showing any of its values.
    if (m[3] !== undefined && /^\w+=/.test(m[3])) {
      registerSecret(m[3].replace(/^\w+=/, ''));
      throw new UsageError(`the connection string gives ${m[1]} an empty value followed by another setting (its values are not shown)`, {
        hint: `Quote an empty value (${m[1]}='') or leave the key out; an unset shell variable is the usual cause.`,
      });
    }
  }
  if (!matched) throw new UsageError('the connection string is neither a postgres:// URL nor key=value pairs');
  registerSecret(params.password);
  return params as Params;
}

export interface ResolveInput {
  /** --db */
  flag?: string;
  /** database.url from the spec, already interpolated. */
  specUrl?: string;
  env: NodeJS.ProcessEnv;
}

/**
 * --db > spec > DATABASE_URL > libpq PG* variables (and ~/.pgpass for the
 * password). A service (service= or PGSERVICE) fills in what the chosen
 * string left unset, ahead of the PG* variables, as in libpq.
 */
export function resolveTarget(input: ResolveInput): ConnectionTarget {
  const { env } = input;
  let params: Params = {};
  let source = 'libpq environment (PGHOST, PGPORT, ...)';
  if (input.flag) [params, source] = [parseConnectionString(input.flag), '--db'];
  else if (input.specUrl) [params, source] = [parseConnectionString(input.specUrl), 'database.url in the spec'];
  else if (env.DATABASE_URL) [params, source] = [parseConnectionString(env.DATABASE_URL), 'DATABASE_URL'];
  const service = params.service ?? (env.PGSERVICE || undefined);
  if (service) {
    params = { ...readService(service, env), ...params };
    source = `${source === 'libpq environment (PGHOST, PGPORT, ...)' ? 'PGSERVICE' : source}, service ${service}`;
  }

  const user = params.user ?? env.PGUSER ?? safeUsername();
  const hosts = hostList(params.host ?? env.PGHOST, params.port ?? env.PGPORT);
  const { host, port } = hosts[0]!;
  const database = params.dbname ?? env.PGDATABASE ?? user;
  const sslmodeText = (params.sslmode ?? env.PGSSLMODE ?? 'prefer').toLowerCase();
  if (!SSL_MODES.includes(sslmodeText as SslMode)) {
    throw new UsageError(`unknown sslmode "${sslmodeText}"`, { hint: `Use one of ${SSL_MODES.join(', ')}.` });
  }
  const sslmode = sslmodeText as SslMode;
  const warnings: string[] = [];
  const explicitPassword = params.password ?? (env.PGPASSWORD || undefined);
  registerSecret(explicitPassword);
  const options = params.options ?? (env.PGOPTIONS || undefined);
  const target: ConnectionTarget = {
    host,
    port,
    hosts,
    ...(options ? { options } : {}),
    database,
    user,
    sslmode,
    ssl: buildSsl(sslmode, host, params, env),
    source,
    warnings,
    password: async () => {
      if (explicitPassword !== undefined) return explicitPassword;
      // The host that answered (openDatabase may have moved on from the first of several).
      const fromFile = readPgpass({ host: target.host, port: target.port, database, user }, env, warnings);
      registerSecret(fromFile);
      // Only called when the server asks for a password: say so rather than let the driver fail obscurely.
      if (fromFile === undefined) {
        throw new ConnectionError(`cannot connect to ${describeTarget({ host: target.host, port: target.port, database })}: the server asks for a password for user "${user}" and none is configured`, {
          hint: `Put it in the URL, PGPASSWORD or ~/.pgpass${warnings.length ? ` (${warnings.join('; ')})` : ''}.`,
        });
      }
      return fromFile;
    },
  };
  return target;
}

/** libpq's host and port lists: one port for all hosts, or one per host; no host at all is the local socket. */
function hostList(hostText: string | undefined, portText: string | undefined): Array<{ host: string; port: number }> {
  const ports = (portText ?? '').split(',').map((p) => p.trim());
  const parsePort = (text: string) => {
    const port = Number(text || '5432');
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UsageError(`invalid port "${text}"`);
    return port;
  };
  const names = hostText ? hostText.split(',').map((h) => h.trim()) : [''];
  if (ports.length > 1 && ports.length !== names.length) {
    throw new UsageError(`could not match ${ports.length} port numbers to ${names.length} hosts`, { hint: 'Give one port for all hosts, or one per host, in the same order.' });
  }
  return names.map((name, i) => {
    const port = parsePort(ports.length > 1 ? ports[i]! : ports[0]!);
    return { host: name || defaultHost(port), port };
  });
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
