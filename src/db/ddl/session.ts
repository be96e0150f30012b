import pg from 'pg';
import { connectError, isConnectionLoss } from '../errors.js';
import { ddlSessionSettings } from '../../core/plan/session.js';
import { one } from '../one.js';
import { userSearchPathSql } from '../search-path.js';
import { clientConfig, SESSION_OPTIONS, type Database } from '../pool.js';

export interface StatementSettings {
  lockTimeoutMs: number;
  /** 0: no limit. */
  statementTimeoutMs: number;
}

/**
 * A dedicated connection for DDL, never part of the pool: CREATE INDEX
 * CONCURRENTLY must run outside any transaction block, with its own
 * lock_timeout and statement_timeout, and none of that may leak into pooled
 * sessions. Its settings (core/plan/session.ts) are switched on at connect.
 */
export class DdlSession {
  private current: StatementSettings;
  private broken = false;

  private constructor(
    private readonly client: pg.Client,
    readonly pid: number,
    initial: StatementSettings,
  ) {
    this.current = initial;
  }

  static async open(db: Database, versionNum: number, initial: StatementSettings): Promise<DdlSession> {
    // Every setting in the startup packet, explicitly: node-postgres leaves out a statement_timeout of 0
    // (falsy), and the role's or database's own value would then apply to the build.
    const settings = [...ddlSessionSettings(versionNum), ['statement_timeout', String(Math.round(initial.statementTimeoutMs))], ['lock_timeout', String(Math.round(initial.lockTimeoutMs))]];
    const config = clientConfig(db.target, db.settings, db.applicationName, {
      statement_timeout: initial.statementTimeoutMs,
      lock_timeout: initial.lockTimeoutMs,
      options: `${SESSION_OPTIONS} ${settings.map(([name, value]) => `-c ${name}=${value}`).join(' ')}`,
    });
    // The statement_timeout governs; a client-side timer would abandon a build the server is still running.
    let session: DdlSession | undefined;
    // A terminated backend emits 'error' on an idle client; it must never crash the process.
    const client = await db.openClient({ ...config, query_timeout: undefined }, () => {
      if (session) session.broken = true;
    });
    try {
      // The spec's expressions, predicates and operator classes name the user's objects (search-path.ts).
      await client.query(userSearchPathSql(false));
      const pid = (await client.query<{ pid: number }>('SELECT pg_catalog.pg_backend_pid() AS pid')).rows[0]!.pid;
      session = new DdlSession(client, pid, initial);
      return session;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw connectError(error, db.where, db.target.user, db.settings);
    }
  }

  get usable(): boolean {
    return !this.broken;
  }

  /** One statement on its own, with the step's timeouts set first (each SET is its own statement too). */
  async run(sql: string, settings: StatementSettings): Promise<void> {
    try {
      if (settings.lockTimeoutMs !== this.current.lockTimeoutMs) {
        await this.client.query(`SET lock_timeout = ${Math.round(settings.lockTimeoutMs)}`);
      }
      if (settings.statementTimeoutMs !== this.current.statementTimeoutMs) {
        await this.client.query(`SET statement_timeout = ${Math.round(settings.statementTimeoutMs)}`);
      }
      this.current = settings;
      await one(this.client, sql);
    } catch (error) {
      // A FATAL error (terminated backend, transaction_timeout...) ends the session, whatever its SQLSTATE.
      const e = error as { code?: string; severity?: string };
      if (!e.code || e.severity === 'FATAL' || isConnectionLoss(error)) this.broken = true;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
