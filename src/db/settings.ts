import { UsageError } from '../errors.js';
import type { PoolSpec } from '../spec/types.js';
import { parseDuration } from '../util/text.js';

/** The tuned pool's settings, all resolved. Times in milliseconds. */
export interface PoolSettings {
  size: number;
  maxOverflow: number;
  /** Longest wait for a connection from the pool. */
  timeout: number;
  /** statement_timeout for pooled sessions. */
  queryTimeout: number;
  /** Connections are replaced after about this long (jittered per connection). */
  recycle: number;
  lockTimeout: number;
  idleInTransactionTimeout: number;
  /** Longest wait to establish one connection (TCP + TLS + authentication). */
  connectTimeout: number;
  idleTimeout: number;
  keepAliveInitialDelay: number;
}

export const DEFAULT_POOL: PoolSettings = {
  size: 10,
  maxOverflow: 20,
  timeout: 30_000,
  queryTimeout: 60_000,
  recycle: 3_600_000,
  lockTimeout: 5_000,
  idleInTransactionTimeout: 60_000,
  connectTimeout: 10_000,
  idleTimeout: 10_000,
  keepAliveInitialDelay: 10_000,
};

/** Environment variables that backend services already use, and the setting each controls. */
const ENV: Array<[string, keyof PoolSettings, 'count' | 'seconds']> = [
  ['DB_POOL_SIZE', 'size', 'count'],
  ['DB_MAX_OVERFLOW', 'maxOverflow', 'count'],
  ['DB_POOL_TIMEOUT', 'timeout', 'seconds'],
  ['DB_QUERY_TIMEOUT', 'queryTimeout', 'seconds'],
  ['DB_POOL_RECYCLE', 'recycle', 'seconds'],
  ['DB_LOCK_TIMEOUT', 'lockTimeout', 'seconds'],
  ['PGCONNECT_TIMEOUT', 'connectTimeout', 'seconds'],
];

/** Defaults < `pool:` in the spec < environment variables. */
export function resolvePoolSettings(spec: PoolSpec | undefined, env: NodeJS.ProcessEnv): PoolSettings {
  const settings: PoolSettings = { ...DEFAULT_POOL };
  for (const [key, value] of Object.entries(spec ?? {})) {
    if (value !== undefined) settings[key as keyof PoolSettings] = value;
  }
  for (const [name, key, kind] of ENV) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    settings[key] = kind === 'count' ? parseCount(name, raw, key === 'size' ? 1 : 0) : parseSeconds(name, raw);
  }
  return settings;
}

function parseCount(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 1000) {
    throw new UsageError(`${name}="${raw}" is not a whole number between ${min} and 1000`);
  }
  return value;
}

function parseSeconds(name: string, raw: string): number {
  const ms = parseDuration(/^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw);
  if (ms === undefined) throw new UsageError(`${name}="${raw}" is not a number of seconds (or a duration such as 500ms, 30s, 2m)`);
  return ms;
}

export function poolMax(settings: PoolSettings): number {
  return settings.size + settings.maxOverflow;
}
