import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbedded, type EmbeddedServer } from '../../src/db/embedded.js';
import { PASS_ROLES, type PassRole } from './roles.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL on the test server; each test file creates its own database from it. */
    adminUrl: string;
    /** Who the commands under test connect as in this pass (PERFCTL_TEST_ROLE). */
    passRole: PassRole;
    /** The login of that role; null in the superuser pass. */
    passLogin: { name: string; password: string } | null;
  }
}

let server: EmbeddedServer | undefined;

/**
 * One PostgreSQL for the whole run: the embedded one, or the server named by
 * PERFCTL_TEST_DATABASE_URL (a superuser URL). Unit-only runs start it too;
 * it takes about a second. PERFCTL_TEST_ROLE=owner|monitor makes the
 * commands under test connect as that role (test/helpers/roles.ts).
 */
export async function setup(project: TestProject): Promise<void> {
  const role = (process.env.PERFCTL_TEST_ROLE || 'superuser') as PassRole;
  if (!PASS_ROLES.includes(role)) throw new Error(`PERFCTL_TEST_ROLE must be one of ${PASS_ROLES.join(', ')}, not ${role}`);
  const external = process.env.PERFCTL_TEST_DATABASE_URL;
  if (external) {
    project.provide('adminUrl', external);
  } else {
    // Prepared transactions on, so the fault tests can leave one behind as a forgotten two-phase commit would.
    server = await startEmbedded({ settings: { max_connections: '300', max_prepared_transactions: '10' } });
    project.provide('adminUrl', server.url);
  }
  project.provide('passRole', role);
  project.provide('passLogin', role === 'superuser' ? null : await createLogin(external ?? server!.url, role));
}

/**
 * The pass role, created once per server and given a fresh password per run.
 * owner: no superuser, member of pg_read_all_stats, owns each test database and
 * what the setup creates in it. monitor: pg_monitor and pg_read_all_data, owns nothing.
 */
async function createLogin(adminUrl: string, role: Exclude<PassRole, 'superuser'>): Promise<{ name: string; password: string }> {
  const login = { name: `perfctl_test_${role}`, password: randomBytes(18).toString('base64url') };
  const grants = role === 'owner' ? ['pg_read_all_stats'] : ['pg_monitor', 'pg_read_all_data'];
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login.name])).rowCount;
    await admin.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${login.name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${login.password}'`);
    await admin.query(`GRANT ${grants.join(', ')} TO ${login.name}`);
  } finally {
    await admin.end();
  }
  return login;
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
