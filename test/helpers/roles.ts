import { inject, type TestContext } from 'vitest';

/**
 * The integration suite runs in passes (PERFCTL_TEST_ROLE):
 * - superuser (default): the commands connect as the server's superuser;
 * - owner: as a role that is no superuser but owns the test database and its
 *   tables, and may read statistics (pg_read_all_stats), as an application's
 *   migration role would;
 * - monitor: as a pg_monitor role that may read all data and owns nothing
 *   (the report, explain and doctor files only).
 * Setup always runs as the superuser (TestDatabase.sql, .client()); only
 * TestDatabase.url, what the commands get, changes.
 */
export const PASS_ROLES = ['superuser', 'owner', 'monitor'] as const;
export type PassRole = (typeof PASS_ROLES)[number];

export function passRole(): PassRole {
  return inject('passRole');
}

/** What the command under test needs beyond reading: the superuser itself, ownership of the tables, or writing to them. */
export type Need = 'superuser' | 'ownership' | 'write';

/**
 * Skip this test in a pass whose role lacks what its command inherently needs, saying why:
 * `it('…', async (ctx) => { needs(ctx, 'superuser', 'pg_terminate_backend of the superuser's sessions'); … })`.
 */
export function needs(ctx: TestContext, need: Need, why: string): void {
  const role = passRole();
  const has = role === 'superuser' || (need !== 'superuser' && role === 'owner');
  ctx.skip(!has, `needs ${need === 'superuser' ? 'a superuser' : need === 'ownership' ? 'table ownership' : 'write privileges'} (pass: ${role}): ${why}`);
}

/** The user name the commands connect as in this pass. */
export function commandUser(adminUser: string): string {
  return inject('passLogin')?.name ?? adminUser;
}
