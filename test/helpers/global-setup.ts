import type { TestProject } from 'vitest/node';
import { startEmbedded, type EmbeddedServer } from '../../src/db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL on the test server; each test file creates its own database from it. */
    adminUrl: string;
  }
}

let server: EmbeddedServer | undefined;

/**
 * One PostgreSQL for the whole run: the embedded one, or the server named by
 * PERFCTL_TEST_DATABASE_URL (a superuser URL). Unit-only runs start it too;
 * it takes about a second.
 */
export async function setup(project: TestProject): Promise<void> {
  const external = process.env.PERFCTL_TEST_DATABASE_URL;
  if (external) {
    project.provide('adminUrl', external);
    return;
  }
  // Prepared transactions on, so the fault tests can leave one behind as a forgotten two-phase commit would.
  server = await startEmbedded({ settings: { max_connections: '300', max_prepared_transactions: '10' } });
  project.provide('adminUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
