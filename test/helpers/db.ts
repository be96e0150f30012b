import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  /** Superuser URL of this file's own database. */
  url: string;
  name: string;
  /** Run SQL as superuser in this database (one short-lived connection). */
  sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** A dedicated client, e.g. an adversary session holding locks. Ended by drop(). */
  client(): Promise<pg.Client>;
  /** Closes every client() connection, releasing what they hold (advisory gates, row locks, open transactions). */
  endClients(): Promise<void>;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  return inject('adminUrl');
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh database for one test file: `const db = await createTestDatabase('indexes')`. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `t_${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl(), name);
  const clients: pg.Client[] = [];
  const endClients = async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
  };
  return {
    url,
    name,
    async sql(text, params) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(text, params)).rows;
      } finally {
        await c.end();
      }
    },
    async client() {
      const c = new pg.Client({ connectionString: url });
      c.on('error', () => undefined);
      await c.connect();
      clients.push(c);
      return c;
    },
    endClients,
    async drop() {
      await endClients();
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
