import pg from 'pg';
import { ConnectionError } from '../errors.js';
import { connectError, isConnectionLoss, queryError } from './errors.js';
import { markOwn } from './mark.js';
import { poolMax, type PoolSettings } from './settings.js';
import { describeTarget, type ConnectionTarget } from './target.js';

export interface SessionSettings {
  application_name: string;
  statement_timeout: number;
  lock_timeout: number;
  idle_in_transaction_session_timeout: number;
}

/**
 * Startup options of every perfctl session. JIT compile time distorts the
 * timings perfctl reports; READ COMMITTED is the explicit baseline; and the
 * server must read SQL text as PostgreSQL's parser (libpg-query) does, with
 * standard_conforming_strings on, whatever the role or database says (the
 * startup packet outranks ALTER ROLE/DATABASE ... SET); and names resolve
 * in pg_catalog first and only (see search-path.ts).
 */
export const SESSION_OPTIONS = '-c jit=off -c default_transaction_isolation=read\\ committed -c standard_conforming_strings=on -c search_path=pg_catalog,pg_temp';

/**
 * The settings every pooled session starts with, sent in the startup packet
 * (so there is no SET round trip and nothing leaks between users of a client).
 */
export function clientConfig(target: ConnectionTarget, settings: PoolSettings, applicationName: string, overrides: Partial<SessionSettings> & { options?: string } = {}): pg.ClientConfig {
  const statementTimeout = overrides.statement_timeout ?? settings.queryTimeout;
  return {
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: target.password as unknown as string,
    ssl: target.ssl === false ? false : { ...target.ssl },
    application_name: overrides.application_name ?? applicationName,
    statement_timeout: statementTimeout,
    lock_timeout: overrides.lock_timeout ?? settings.lockTimeout,
    idle_in_transaction_session_timeout: overrides.idle_in_transaction_session_timeout ?? settings.idleInTransactionTimeout,
    // A client-side backstop for a half-open socket; the server enforces statement_timeout first.
    query_timeout: statementTimeout > 0 ? statementTimeout + 5_000 : undefined,
    connectionTimeoutMillis: settings.connectTimeout,
    keepAlive: true,
    keepAliveInitialDelayMillis: settings.keepAliveInitialDelay,
    // The user's own options (options=, PGOPTIONS) first, so perfctl's settings win where both set one.
    options: [target.options, overrides.options ?? SESSION_OPTIONS].filter(Boolean).join(' '),
  };
}

/** The tuned pool: size + overflow, timeouts, jittered recycling, and errors that never crash the process. */
export class Database {
  readonly pool: pg.Pool;
  readonly where: string;
  private closed = false;
  private sslFallback = false;
  private readonly active = new Set<pg.PoolClient>();

  constructor(
    readonly target: ConnectionTarget,
    readonly settings: PoolSettings,
    readonly applicationName: string,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.where = describeTarget(target);
    const recycleSeconds = settings.recycle / 1000;
    const options: pg.PoolConfig & { min?: number; onConnect?: (client: pg.PoolClient) => void } = {
      ...clientConfig(target, settings, applicationName),
      max: poolMax(settings),
      min: 0,
      idleTimeoutMillis: settings.idleTimeout,
      // Waiting for a free connection; connecting itself is bounded by connectTimeout.
      connectionTimeoutMillis: settings.timeout,
      maxLifetimeSeconds: recycleSeconds,
      allowExitOnIdle: true,
      onConnect: (client) => {
        // A persistent listener: pg-pool removes its own while a client is checked out,
        // and an unhandled 'error' from a terminated backend would crash the process.
        client.on('error', (error) => this.log(`connection error on a pooled client: ${error.message}`));
        // pg-pool reads maxLifetimeSeconds right after this hook: jitter it per connection
        // (up to -10%) so a pool's connections do not all recycle at once.
        (this.pool.options as { maxLifetimeSeconds: number }).maxLifetimeSeconds = recycleSeconds > 0 ? recycleSeconds * (0.9 + Math.random() * 0.1) : 0;
      },
    };
    // pg-pool hands its own options to each new client, where connectionTimeoutMillis would
    // mean the pool wait; connecting gets its own, shorter bound so a silent host cannot hang us.
    const connectTimeout = settings.connectTimeout;
    class TunedClient extends pg.Client {
      constructor(config: pg.ClientConfig) {
        // pg-pool keeps the password non-enumerable, so a spread alone would drop it.
        super({ ...config, password: config.password, connectionTimeoutMillis: connectTimeout });
      }
    }
    this.pool = new pg.Pool({ ...options, Client: TunedClient } as unknown as pg.PoolConfig);
    // Idle clients whose backend dies emit here; the pool replaces them on next use.
    this.pool.on('error', (error) => this.log(`idle connection lost: ${error.message}`));
    this.pool.on('acquire', (client) => this.active.add(client));
    this.pool.on('release', (_error, client) => this.active.delete(client));
  }

  /** Check out a client for a few statements; destroyed instead of reused when it failed fatally. */
  async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let failure: unknown;
    try {
      return await fn(client);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      client.release(failure !== undefined && mustDiscard(failure) ? (failure as Error) : undefined);
    }
  }

  async connect(retried = false): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      if (!retried && this.fallBackToPlain(error)) return this.connect(true);
      if (/timeout exceeded when trying to connect/i.test(String((error as Error)?.message)) && this.pool.totalCount >= poolMax(this.settings)) {
        throw new ConnectionError(
          `no free connection to ${this.where} within ${this.settings.timeout / 1000}s: all ${poolMax(this.settings)} are in use (pool size ${this.settings.size} + overflow ${this.settings.maxOverflow}, ${this.pool.waitingCount} waiting)`,
          { hint: 'Raise DB_POOL_TIMEOUT, DB_POOL_SIZE or DB_MAX_OVERFLOW, or lower --concurrency.' },
        );
      }
      throw connectError(error, this.where, this.target.user, this.settings);
    }
  }

  /**
   * A connected client of its own, outside the pool (DDL sessions, the apply
   * lock, cancels), with the same TLS decision as the pool. Its 'error' events
   * go to `onError` (never unhandled). Throws a ConnectionError.
   */
  async openClient(config: pg.ClientConfig, onError: (error: Error) => void = () => undefined, retried = false): Promise<pg.Client> {
    const client = new pg.Client({ ...config, ssl: this.sslFallback ? false : config.ssl });
    client.on('error', onError);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (!retried && this.fallBackToPlain(error)) return this.openClient(config, onError, true);
      throw connectError(error, this.where, this.target.user, this.settings);
    }
  }

  /**
   * libpq's prefer/allow: TLS when the server offers it, plain otherwise. True
   * when a retry without TLS is due (also when a concurrent connect already
   * made the switch while this one was in flight).
   */
  private fallBackToPlain(error: unknown): boolean {
    const mayFallBack = this.target.sslmode === 'prefer' || this.target.sslmode === 'allow';
    if (!mayFallBack || !/does not support SSL/i.test(String((error as Error)?.message))) return false;
    this.sslFallback = true;
    (this.pool.options as { ssl: unknown }).ssl = false;
    return true;
  }

  async query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = [], what = 'query'): Promise<R[]> {
    return this.withClient(async (client) => {
      try {
        return (await client.query<R>(markOwn(sql), params)).rows;
      } catch (error) {
        throw queryError(error, what);
      }
    });
  }

  /**
   * Cancel whatever checked-out clients are running (Ctrl-C), from a separate
   * connection: the driver has no reliable in-band cancel.
   */
  async cancelActive(): Promise<void> {
    const pids = [...this.active].map((c) => (c as unknown as { processID?: number }).processID).filter((pid): pid is number => typeof pid === 'number');
    if (pids.length === 0) return;
    let client: pg.Client | undefined;
    try {
      client = await this.openClient(clientConfig(this.target, this.settings, `${this.applicationName}/cancel`));
      await client.query('SELECT pg_catalog.pg_cancel_backend(pid) FROM pg_catalog.unnest($1::int[]) AS pid', [pids]);
    } catch (error) {
      this.log(`could not cancel running queries: ${(error as Error).message}`);
    } finally {
      await client?.end().catch(() => undefined);
    }
  }

  /**
   * Ends the pool. Idle clients send Terminate at once (pg writes it before
   * returning); like psql, perfctl does not then wait for each backend to
   * exit and close its end, which only added that exit time (about 10 ms) to
   * every command. Clients still checked out are waited for.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ended = this.pool.end().catch(() => undefined);
    if (this.active.size > 0) await ended;
  }
}

/** A client whose session died or timed out on the client side is destroyed, never reused. */
function mustDiscard(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (isConnectionLoss(e) || /Query read timeout|timeout exceeded/i.test(String((e as Error).message))) return true;
  }
  return false;
}
