import { expect } from 'vitest';
import { runPerfctl, type CliOptions, type CliResult } from './cli.js';
import type { TestDatabase } from './db.js';

/** `perfctl indexes <sub> -f FILE --db URL ...` against a test database. */
export function indexes(db: TestDatabase, sub: 'plan' | 'apply' | 'status', file: string, args: string[] = [], options: CliOptions = {}): Promise<CliResult> {
  const fast = sub === 'apply' ? ['--retry-delay', '50ms'] : [];
  return runPerfctl(['indexes', sub, '-f', file, '--db', db.url, ...fast, ...args], options);
}

export async function invalidIndexes(db: TestDatabase): Promise<string[]> {
  const rows = await db.sql<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT (x.indisvalid AND x.indisready) AND n.nspname NOT IN ('pg_catalog', 'pg_toast')`,
  );
  return rows.map((r) => r.name);
}

export async function indexNames(db: TestDatabase, table: string): Promise<string[]> {
  const rows = await db.sql<{ name: string }>(
    `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = $1::regclass ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.name);
}

/** The postcondition of every scenario: nothing INVALID anywhere, and a fresh plan with nothing to do. */
export async function expectConverged(db: TestDatabase, file: string, url = db.url): Promise<void> {
  expect(await invalidIndexes(db)).toEqual([]);
  const plan = await indexes({ ...db, url }, 'plan', file, ['--json']);
  expect(plan.code, plan.stderr).toBe(0);
  const doc = JSON.parse(plan.stdout);
  expect(doc.actions).toEqual([]);
  expect(doc.pending).toBe(false);
}

/** Poll until `check` returns a truthy value (or fail after timeoutMs). */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The pid and phase of a perfctl build in progress on this database (on `table`, when given), once there is one. */
export function buildInProgress(db: TestDatabase, phasePrefix = 'building index', table?: string): Promise<{ pid: number; phase: string }> {
  return waitFor(
    async () =>
      (
        await db.sql<{ pid: number; phase: string }>(
          `SELECT p.pid, p.phase FROM pg_stat_progress_create_index p JOIN pg_stat_activity a ON a.pid = p.pid
            WHERE a.application_name LIKE 'perfctl%' AND p.datname = current_database() AND p.phase LIKE $1 || '%'
              AND ($2::text IS NULL OR p.relid = $2::regclass)`,
          [phasePrefix, table ?? null],
        )
      )[0],
    15_000,
    `a perfctl build in phase "${phasePrefix}"${table ? ` on ${table}` : ''}`,
  );
}

/** Holds advisory lock `key` on a connection of its own, stalling every build through public.gate(…, key) until released. */
export async function holdGate(db: TestDatabase, key: number): Promise<{ release: () => Promise<void> }> {
  const client = await db.client();
  await client.query('SELECT pg_advisory_lock($1)', [key]);
  return { release: async () => void (await client.query('SELECT pg_advisory_unlock($1)', [key])) };
}

/**
 * A deterministic slow build: an IMMUTABLE-declared function used in an index
 * expression that waits on advisory lock `key` for every row, so a build
 * stalls while a test session holds that lock (the trick of PostgreSQL's
 * multiple-cic isolation test).
 */
export const GATE_FUNCTION = `
CREATE OR REPLACE FUNCTION public.gate(v int, key bigint) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  PERFORM pg_advisory_lock_shared(key);
  PERFORM pg_advisory_unlock_shared(key);
  RETURN v;
END $$;
CREATE OR REPLACE FUNCTION public.slow(v int, ms int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  PERFORM pg_sleep(ms / 1000.0);
  RETURN v;
END $$;`;
