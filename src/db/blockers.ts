import type { Database } from './pool.js';

/** A session that holds a lock another one waits for. */
export interface LockBlocker {
  pid: number;
  application: string;
  state: string;
  /** Age of its transaction, in seconds (null outside a transaction). */
  xactSeconds: number | null;
}

/**
 * Watch, from another pooled connection, which sessions block `pid` while a
 * statement runs: once it has failed on lock_timeout the wait is over and
 * pg_blocking_pids can no longer tell. The first look is after `delayMs`, then
 * one a second, so a quick statement costs nothing.
 */
export function watchBlockers(db: Database, pid: number | undefined, delayMs = 250): { stop: () => LockBlocker[] } {
  let last: LockBlocker[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const poll = async () => {
    try {
      const rows = await db.query<{ pid: number; application: string; state: string; xact_seconds: number | null }>(
        `SELECT a.pid, a.application_name AS application, COALESCE(a.state, '') AS state,
                EXTRACT(EPOCH FROM pg_catalog.now() - a.xact_start)::float8 AS xact_seconds
           FROM pg_catalog.pg_stat_activity a
          WHERE a.pid = ANY (pg_catalog.pg_blocking_pids($1))
          ORDER BY a.xact_start NULLS LAST`,
        [pid],
        'looking for the session that blocks the statement',
      );
      if (rows.length) last = rows.map((r) => ({ pid: r.pid, application: r.application, state: r.state, xactSeconds: r.xact_seconds }));
    } catch {
      // Best effort: the statement's own outcome is what matters.
    }
    if (!stopped) timer = setTimeout(poll, 1_000);
  };
  if (pid !== undefined) timer = setTimeout(poll, delayMs);
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      return last;
    },
  };
}

/** "pid 4121 ('psql', idle in transaction, transaction open 12s)" */
export function describeBlocker(b: LockBlocker): string {
  const parts = [b.application ? `'${b.application}'` : undefined, b.state || undefined, b.xactSeconds !== null ? `transaction open ${Math.round(b.xactSeconds)}s` : undefined].filter(Boolean);
  return `pid ${b.pid}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
