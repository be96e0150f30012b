import type pg from 'pg';
import { OperationError, InterruptedError } from '../../errors.js';
import { formatDuration } from '../../util/text.js';
import { clientConfig, type Database } from '../pool.js';

/** One key per database (advisory locks are per database): "perfctl" "idx!" as two int4. */
const CLASS_ID = 0x70657266;
const OBJ_ID = 0x69647821;

export interface LockHolder {
  pid: number;
  application: string;
  since: string | null;
}

export interface ApplyLock {
  release(): Promise<void>;
}

/**
 * Two applies never run at once against one database: a session advisory lock
 * on a connection of its own, held for the whole run (released when the
 * connection ends, so a killed perfctl never leaves it behind).
 */
export async function acquireApplyLock(db: Database, options: { waitMs: number; signal: AbortSignal; onWait: (holder: LockHolder) => void }): Promise<ApplyLock> {
  const client = await db.openClient({ ...clientConfig(db.target, db.settings, db.applicationName), query_timeout: undefined });
  const deadline = Date.now() + options.waitMs;
  let announced = false;
  try {
    for (;;) {
      const got = (await client.query<{ ok: boolean }>('SELECT pg_catalog.pg_try_advisory_lock($1, $2) AS ok', [CLASS_ID, OBJ_ID])).rows[0]!.ok;
      if (got) return { release: () => client.end().catch(() => undefined) };
      const holder = await lockHolder(client);
      if (Date.now() >= deadline) {
        const who = holder ? `pid ${holder.pid}, ${holder.application || 'no application name'}${holder.since ? `, running since ${holder.since}` : ''}` : 'pid unknown';
        throw new OperationError('apply-running', `another perfctl indexes apply is running on ${db.where} (${who})${options.waitMs ? `; waited ${formatDuration(options.waitMs)}` : ''}`, {
          hint: 'Wait for it to finish, or pass --wait 10m to queue behind it.',
        });
      }
      if (!announced && holder) {
        options.onWait(holder);
        announced = true;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, Math.max(0, deadline - Date.now()))));
      if (options.signal.aborted) throw new InterruptedError('interrupted while waiting for another apply; nothing was changed');
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

async function lockHolder(client: pg.Client): Promise<LockHolder | undefined> {
  const rows = (
    await client.query<LockHolder>(
      `SELECT l.pid, COALESCE(a.application_name, '') AS application, a.backend_start::text AS since
         FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::int8::oid AND l.objid = $2::int8::oid AND l.objsubid = 2
          AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())`,
      [CLASS_ID, OBJ_ID],
    )
  ).rows;
  return rows[0];
}
