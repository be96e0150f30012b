import type { Reader } from './read.js';
import { iso } from './statements.js';
import type { ActivityData, SessionRow } from './types.js';

/** Connection slots: the limit, the slots kept for superusers, and client backends on the whole server. */
export async function readConnectionUsage(q: Reader): Promise<Omit<ActivityData, 'sessions'>> {
  const rows = await q<{ max: string; reserved: string; in_use: string }>(
    `SELECT pg_catalog.current_setting('max_connections') AS max,
            pg_catalog.current_setting('superuser_reserved_connections') AS reserved,
            (SELECT pg_catalog.count(*) FROM pg_catalog.pg_stat_activity a WHERE a.backend_type = 'client backend') AS in_use`,
  );
  const row = rows[0]!;
  return { maxConnections: Number(row.max), reservedConnections: Number(row.reserved), inUse: Number(row.in_use) };
}

/**
 * Client sessions of this database other than perfctl's own. Who blocks whom
 * is asked only of sessions waiting on a lock: pg_blocking_pids takes the lock
 * manager's partition locks, so calling it for every row would be a cost on a
 * busy server.
 */
export async function readSessions(q: Reader): Promise<SessionRow[]> {
  const rows = await q<Record<string, unknown>>(
    `SELECT a.pid, a.datname, a.usename, a.application_name, a.state, a.wait_event_type,
            a.xact_start, a.query_start, a.state_change, a.query,
            CASE WHEN a.wait_event_type = 'Lock' THEN pg_catalog.pg_blocking_pids(a.pid) ELSE '{}'::int[] END AS blocked_by
       FROM pg_catalog.pg_stat_activity a
      WHERE a.backend_type = 'client backend' AND a.pid <> pg_catalog.pg_backend_pid()
        AND a.datname = pg_catalog.current_database()`,
  );
  return rows.map((r) => ({
    pid: Number(r.pid),
    database: (r.datname as string | null) ?? null,
    user: (r.usename as string | null) ?? null,
    application: String(r.application_name ?? ''),
    state: (r.state as string | null) ?? null,
    waitEventType: (r.wait_event_type as string | null) ?? null,
    xactStart: iso(r.xact_start),
    queryStart: iso(r.query_start),
    stateChange: iso(r.state_change),
    query: r.query === null || r.query === '<insufficient privilege>' ? null : String(r.query),
    blockedBy: (r.blocked_by as number[]).map(Number),
  }));
}

export async function readActivity(q: Reader): Promise<ActivityData> {
  return { ...(await readConnectionUsage(q)), sessions: await readSessions(q) };
}
