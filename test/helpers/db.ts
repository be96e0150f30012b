import pg from 'pg';
import { inject } from 'vitest';
import { passRole } from './roles.js';

export interface TestDatabase {
  /** The URL the commands under test connect with: the superuser's, or the pass role's (test/helpers/roles.ts). */
  url: string;
  /** The superuser URL of this database, for setup a command must not do itself. */
  adminUrl: string;
  /** The user name in `url`. */
  user: string;
  name: string;
  /** Run SQL as superuser in this database (one short-lived connection). */
  sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** A dedicated superuser client, e.g. an adversary session holding locks. Ended by drop(). */
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

/** `url` with another login. */
export function withLogin(url: string, login: { name: string; password: string }): string {
  const u = new URL(url);
  u.username = login.name;
  u.password = login.password;
  return u.toString();
}

/**
 * In the owner pass, what the superuser's setup creates is handed to the
 * owner role as it is created, so every test's tables are the role's without
 * each test saying so. Objects of extensions stay where they are.
 */
const HAND_OVER = (owner: string) => `
  CREATE FUNCTION public.perfctl_test_hand_over() RETURNS event_trigger LANGUAGE plpgsql AS $$
  DECLARE r record;
  BEGIN
    IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN RETURN; END IF;
    FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() c WHERE NOT c.in_extension AND schema_name IS DISTINCT FROM 'pg_temp'
               AND object_type IN ('table', 'view', 'materialized view', 'schema', 'sequence')
               -- A serial's or identity's sequence follows its table (a partitioned table's own internal dependencies do not count).
               AND NOT (c.object_type = 'sequence' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.objid AND d.deptype IN ('a', 'i'))) LOOP
      EXECUTE format('ALTER %s %s OWNER TO ${owner}', upper(r.object_type), r.object_identity);
    END LOOP;
  END $$;
  CREATE EVENT TRIGGER perfctl_test_hand_over ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'CREATE VIEW', 'CREATE MATERIALIZED VIEW', 'CREATE SCHEMA', 'CREATE SEQUENCE')
    EXECUTE FUNCTION public.perfctl_test_hand_over();`;

/** A fresh database for one test file: `const db = await createTestDatabase('indexes')`. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `t_${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const login = inject('passLogin');
  const owner = passRole() === 'owner' ? login!.name : undefined;
  await run(adminUrl(), `CREATE DATABASE "${name}"${owner ? ` OWNER ${owner}` : ''}`);
  const admin = withDatabase(adminUrl(), name);
  if (owner) await run(admin, HAND_OVER(owner));
  const url = login ? withLogin(admin, login) : admin;
  const clients: pg.Client[] = [];
  const endClients = async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
  };
  return {
    url,
    adminUrl: admin,
    user: decodeURIComponent(new URL(url).username),
    name,
    async sql(text, params) {
      return run(admin, text, params);
    },
    async client() {
      const c = new pg.Client({ connectionString: admin });
      c.on('error', () => undefined);
      await c.connect();
      clients.push(c);
      return c;
    },
    endClients,
    async drop() {
      await endClients();
      await run(adminUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function run<R extends pg.QueryResultRow>(url: string, text: string, params?: unknown[]): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, params)).rows;
  } finally {
    await c.end();
  }
}
