import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { GATE_FUNCTION, buildInProgress, expectConverged, holdGate, indexNames, indexes, invalidIndexes, waitFor } from '../../helpers/indexes.js';
import { writeSpec } from '../../helpers/spec.js';
import { runPerfctl } from '../../helpers/cli.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('idx_faults');
  await db.sql(GATE_FUNCTION);
});
// A failed test must not leave a gate or lock held for the next one.
afterEach(async () => db?.endClients());
afterAll(async () => db?.drop());

/** A perfctl DDL backend waiting on a heavyweight lock, once there is one. */
function perfctlWaitingOnLock(): Promise<{ pid: number }> {
  return waitFor(
    async () =>
      (await db.sql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'perfctl/indexes-apply' AND wait_event_type = 'Lock' AND datname = current_database()`))[0],
    15_000,
    'perfctl waiting on a lock',
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('perfctl indexes apply under faults', () => {
  it('retries a lock timeout with backoff, names the blocker, and succeeds once the lock is released', async () => {
    await db.sql(`CREATE TABLE locked (id int, v int); INSERT INTO locked SELECT g, g FROM generate_series(1, 100) g;`);
    const file = writeSpec(`version: 1
indexes:
  - { table: locked, columns: [v] }
`);
    const adversary = await db.client();
    await adversary.query(`SET application_name = 'vacuum-script'; BEGIN; LOCK TABLE locked IN SHARE UPDATE EXCLUSIVE MODE`);
    const adversaryPid = (await adversary.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const run = indexes(db, 'apply', file, ['--yes', '--lock-timeout', '200ms', '--retries', '20']);
    await perfctlWaitingOnLock();
    await sleep(600);
    await adversary.query('COMMIT');
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/lock_timeout \(200 ms\).*retrying 1\/20 in \d+ ms/);
    expect(result.stderr).toContain(`pid ${adversaryPid} ('vacuum-script'`);
    expect(result.stderr).toContain('holds a lock on the table');
    await expectConverged(db, file);
  });

  it('an open writer transaction: INVALID leftover dropped, retried, built once the writer commits', async () => {
    await db.sql(`CREATE TABLE written (id int, v int); INSERT INTO written SELECT g, g FROM generate_series(1, 100) g;`);
    const file = writeSpec(`version: 1
indexes:
  - { table: written, columns: [v] }
`);
    const writer = await db.client();
    await writer.query(`BEGIN; INSERT INTO written VALUES (0, 0)`);
    const run = indexes(db, 'apply', file, ['--yes', '--lock-timeout', '200ms', '--retries', '30']);
    await buildInProgress(db, 'waiting for writers');
    await sleep(700);
    await writer.query('COMMIT');
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/will wait for 1 session:\n.*holds a lock on the table/);
    expect(result.stderr).toMatch(/idx_written_v: .*dropping the INVALID index the build left/);
    await expectConverged(db, file);
  });

  it('a deadlock (a writer runs ANALYZE while the build waits for it): the build is the victim, its leftover goes, the retry builds', async () => {
    await db.sql(`CREATE TABLE deadlocked (id int, v int); INSERT INTO deadlocked SELECT g, g FROM generate_series(1, 100) g;`);
    // perfctl's sessions check for deadlocks after 1 s, the adversary after 60 s: the build is the one cancelled.
    // PostgreSQL checks once per wait, so the ANALYZE below must be queued within that second, even on a loaded machine.
    await db.sql(`ALTER DATABASE "${db.name}" SET deadlock_timeout = '1s'`);
    try {
      const file = writeSpec(`version: 1
indexes:
  - { table: deadlocked, columns: [v] }
`);
      const adversary = await db.client();
      await adversary.query(`SET deadlock_timeout = '60s'; BEGIN; INSERT INTO deadlocked VALUES (0, 0)`);
      const run = indexes(db, 'apply', file, ['--yes', '--lock-timeout', '10s', '--retries', '10']);
      await buildInProgress(db, 'waiting for writers', 'deadlocked');
      // ANALYZE wants the lock the build holds while the build waits for this transaction: a cycle.
      await adversary.query('ANALYZE deadlocked');
      await sleep(300);
      await adversary.query('COMMIT');
      const result = await run;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/deadlock detected.*retrying 1\/10/);
      expect(result.stdout).toMatch(/done \(\d+ attempts\)/);
      await expectConverged(db, file);
    } finally {
      await db.sql(`ALTER DATABASE "${db.name}" RESET deadlock_timeout`);
    }
  });

  it('an old snapshot and a forgotten prepared transaction: both named before the build, which waits for them', async () => {
    await db.sql(`CREATE TABLE waited (id int, v int); INSERT INTO waited SELECT g, g FROM generate_series(1, 100) g; CREATE TABLE elsewhere (id int);`);
    const file = writeSpec(`version: 1
indexes:
  - { table: waited, columns: [v] }
`);
    // A REPEATABLE READ transaction that read another table: no lock on ours, but a snapshot the build must outwait.
    const reader = await db.client();
    await reader.query(`SET application_name = 'report-job'; BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM elsewhere`);
    const readerPid = (await reader.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const prepared = Number((await db.sql<{ n: string }>(`SELECT current_setting('max_prepared_transactions') AS n`))[0]!.n) > 0;
    if (prepared) await db.sql(`BEGIN; INSERT INTO waited VALUES (0, 0); PREPARE TRANSACTION 'perfctl_test_forgotten'`);
    let result;
    try {
      await sleep(1_100); // older than the one second below which perfctl does not call a snapshot old
      const run = indexes(db, 'apply', file, ['--yes', '--lock-timeout', '30s']);
      await buildInProgress(db, 'waiting for', 'waited');
      await sleep(300);
      if (prepared) await db.sql(`COMMIT PREPARED 'perfctl_test_forgotten'`);
      await reader.query('COMMIT');
      result = await run;
    } finally {
      // A prepared transaction outlives every session and would keep the test database from being dropped.
      if (prepared) await db.sql(`SELECT 1 FROM pg_prepared_xacts WHERE gid = 'perfctl_test_forgotten'`).then((rows) => (rows.length ? db.sql(`ROLLBACK PREPARED 'perfctl_test_forgotten'`) : undefined));
    }
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`pid ${readerPid} \\('report-job'.*open transaction \\(old snapshot\\)`));
    if (prepared) expect(result.stderr).toContain("prepared transaction 'perfctl_test_forgotten'");
    await expectConverged(db, file);
  });

  it('when retries run out behind a writer: exit 1, and the next apply repairs what was left', async () => {
    await db.sql(`CREATE TABLE stuck (id int, v int)`);
    const file = writeSpec(`version: 1
indexes:
  - { table: stuck, columns: [v] }
`);
    const writer = await db.client();
    await writer.query(`BEGIN; INSERT INTO stuck VALUES (1, 1)`);
    const result = await indexes(db, 'apply', file, ['--yes', '--lock-timeout', '150ms', '--retries', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/build of public\.idx_stuck_v failed after 2 attempts: lock_timeout/);
    expect(result.stdout).toMatch(/create.*idx_stuck_v.*failed/);
    await writer.query('COMMIT');
    const again = await indexes(db, 'apply', file, ['--yes']);
    expect(again.code, again.stderr).toBe(0);
    await expectConverged(db, file);
  });

  it('survives pg_terminate_backend on the build: reconnects, drops the leftover, builds again', async () => {
    await db.sql(`CREATE TABLE terminated (id int); INSERT INTO terminated SELECT g FROM generate_series(1, 50) g;`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_terminated_gate, table: terminated, columns: [{ expression: "public.gate(id, 7001)" }] }
`);
    const gate = await holdGate(db, 7001);
    const run = indexes(db, 'apply', file, ['--yes', '--lock-timeout', '30s']);
    const build = await buildInProgress(db);
    await db.sql('SELECT pg_terminate_backend($1)', [build.pid]);
    await gate.release();
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/terminat.*retrying 1\/5/i);
    expect(result.stdout).toMatch(/done \(2 attempts\)/);
    await expectConverged(db, file);
  });

  it('Ctrl-C mid-build cancels it on the server, drops the leftover, exits 130; the next apply converges', async () => {
    await db.sql(`CREATE TABLE quick (id int); CREATE TABLE gated (id int); INSERT INTO gated SELECT g FROM generate_series(1, 50) g;`);
    const file = writeSpec(`version: 1
indexes:
  - { table: quick, columns: [id] }
  - { name: idx_gated, table: gated, columns: [{ expression: "public.gate(id, 7002)" }] }
`);
    const gate = await holdGate(db, 7002);
    const controller = new AbortController();
    // One table at a time: a build on quick would wait for gated's snapshot (an expression index build is not "safe").
    const run = indexes(db, 'apply', file, ['--yes', '--lock-timeout', '30s', '--concurrency', '1'], { signal: controller.signal });
    let seen: { quick: string[]; idle: unknown[] };
    try {
      await buildInProgress(db, 'building index', 'gated');
      // perfctl never blocks itself: none of its other sessions in this database sits in an open transaction during a build
      // (other test files' perfctl runs, e.g. a report's read-only transaction, are elsewhere).
      const idle = await db.sql(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'perfctl%' AND state LIKE 'idle in transaction%'`);
      seen = { quick: await indexNames(db, 'quick'), idle };
    } finally {
      // Whatever happened above, stop the run, so a failure here cannot leave an apply holding the lock for later tests.
      controller.abort('SIGINT');
    }
    const result = await run;
    expect(seen.quick, result.stdout + result.stderr).toEqual(['idx_quick_id']);
    expect(seen.idle).toEqual([]);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('cancelling 1 running statement');
    expect(result.stderr).toMatch(/interrupted: 1 action done, 1 remaining; nothing INVALID was left behind/);
    // One story, true to the end: the leftover is dropped, and nothing says it was left behind.
    expect(result.stderr).toMatch(/public\.idx_gated: .*dropping the INVALID index the build left/);
    expect(result.stderr).toMatch(/✓ public\.idx_gated: dropped the INVALID index the build left/);
    expect(result.stderr).not.toMatch(/left INVALID/);
    expect(await invalidIndexes(db)).toEqual([]);
    expect(await indexNames(db, 'gated')).toEqual([]);
    await gate.release();
    const again = await indexes(db, 'apply', file, ['--yes']);
    expect(again.code, again.stderr).toBe(0);
    await expectConverged(db, file);
  });

  it('two applies at once: the second names the first, or waits with --wait and finds nothing left to do', async () => {
    await db.sql(`CREATE TABLE shared (id int); INSERT INTO shared SELECT g FROM generate_series(1, 20) g;`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_shared_gate, table: shared, columns: [{ expression: "public.gate(id, 7003)" }] }
`);
    const gate = await holdGate(db, 7003);
    const first = indexes(db, 'apply', file, ['--yes', '--lock-timeout', '30s']);
    await buildInProgress(db);
    const holder = (await db.sql<{ pid: number }>(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = ${0x69647821} AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`))[0]!.pid;
    const refused = await indexes(db, 'apply', file, ['--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`another perfctl indexes apply is running`);
    expect(refused.stderr).toContain(`pid ${holder}`);
    const waiting = indexes(db, 'apply', file, ['--yes', '--wait', '30s']);
    await sleep(300);
    await gate.release();
    const [one, two] = await Promise.all([first, waiting]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stderr).toContain('waiting for another perfctl indexes apply to finish');
    expect(two.stdout).toContain('No changes');
    await expectConverged(db, file);
  });

  it('a unique index over duplicates: leftover dropped at once, duplicates counted but not shown, other work done, exit 1', async () => {
    await db.sql(`CREATE TABLE members (id int, email text);
      INSERT INTO members VALUES (1, 'secret-dup@example.com'), (2, 'secret-dup@example.com'), (3, 'other@example.com'), (4, 'other@example.com'), (5, 'x');
      CREATE TABLE side (id int);`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_members_email, table: members, columns: [email], unique: true }
  - { table: side, columns: [id] }
`);
    const result = await indexes(db, 'apply', file, ['--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('public.members has 2 duplicate key values (values not shown)');
    expect(result.stderr).not.toContain('secret-dup');
    expect(result.stdout).not.toContain('secret-dup');
    expect(result.stderr).not.toMatch(/retrying/);
    expect(await indexNames(db, 'side')).toEqual(['idx_side_id']);
    expect(await invalidIndexes(db)).toEqual([]);
    // The INVALID unique index is gone, so it no longer rejects duplicates.
    await db.sql(`INSERT INTO members VALUES (6, 'x')`);

    const kept = await indexes(db, 'apply', file, ['--yes', '--keep-invalid']);
    expect(kept.code).toBe(1);
    expect(await invalidIndexes(db)).toEqual(['idx_members_email']);
    const plan = await indexes(db, 'plan', file);
    expect(plan.stdout).toContain('↻ repair public.idx_members_email');
    await db.sql(`DELETE FROM members WHERE id IN (2, 4, 6)`);
    const repaired = await indexes(db, 'apply', file, ['--yes']);
    expect(repaired.code, repaired.stderr).toBe(0);
    await expectConverged(db, file);
  });

  it('a build longer than DB_QUERY_TIMEOUT succeeds; --build-timeout stops it cleanly without retrying', async () => {
    await db.sql(`CREATE TABLE slowtab (id int); INSERT INTO slowtab SELECT g FROM generate_series(1, 60) g;`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_slowtab_slow, table: slowtab, columns: [{ expression: "public.slow(id, 25)" }] }
`);
    const limited = await indexes(db, 'apply', file, ['--yes', '--build-timeout', '500ms']);
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(/stopped by statement_timeout \(500 ms\); its INVALID leftover was dropped/);
    expect(limited.stderr).not.toMatch(/retrying/);
    expect(await invalidIndexes(db)).toEqual([]);
    const started = Date.now();
    const result = await indexes(db, 'apply', file, ['--yes'], { env: { DB_QUERY_TIMEOUT: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThan(1000);
    await expectConverged(db, file);
  });

  it('functions without SET search_path: PostgreSQL 17+ refuses an inlined one at plan time, warns about others, and a failed build says what to do', async () => {
    const version = Number((await db.sql<{ v: string }>(`SELECT current_setting('server_version_num') AS v`))[0]!.v);
    await db.sql(`CREATE TABLE notes (id int, body text); INSERT INTO notes SELECT g, 'Note ' || g FROM generate_series(1, 20) g;
      CREATE FUNCTION public.squash_inner(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;
      CREATE FUNCTION public.squash_sql(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT squash_inner(t) $$;
      CREATE FUNCTION public.squash_pl(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN squash_inner(t); END $$;`);
    const sqlSpec = writeSpec(`version: 1\nindexes:\n  - { name: idx_notes_sql, table: notes, columns: [{ expression: "squash_sql(body)" }] }\n`);
    const plSpec = writeSpec(`version: 1\nindexes:\n  - { name: idx_notes_pl, table: notes, columns: [{ expression: "squash_pl(body)" }] }\n`);
    const plan = async (file: string) => {
      const result = await indexes(db, 'plan', file, ['--json']);
      const hazards = result.code === 0 ? (JSON.parse(result.stdout) as { actions: Array<{ hazards: Array<{ id: string; message: string }> }> }).actions.flatMap((a) => a.hazards) : [];
      return { ...result, hazards };
    };
    if (version < 170000) {
      // Older servers build with the session's search_path: no warning, and both build.
      for (const file of [sqlSpec, plSpec]) {
        expect((await plan(file)).hazards).toEqual([]);
        const applied = await indexes(db, 'apply', file, ['--yes']);
        expect(applied.code, applied.stderr).toBe(0);
      }
      return;
    }
    // A SQL function is inlined while the index is defined: the spec check already fails, and says why.
    const refused = await plan(sqlSpec);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('function squash_inner(text) does not exist');
    expect(refused.stderr).toContain('search_path = pg_catalog, pg_temp');
    // PL/pgSQL runs only on rows: the plan warns, and the build fails with a hint that names the function.
    const warned = (await plan(plSpec)).hazards.find((h) => h.id === 'function-search-path');
    expect(warned?.message).toContain('public.squash_pl(t text)');
    const failed = await indexes(db, 'apply', plSpec, ['--yes']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('function squash_inner(text) does not exist');
    expect(failed.stderr).toContain('ALTER FUNCTION public.squash_pl(t text) SET search_path');
    expect(await invalidIndexes(db)).toEqual([]);
    // With a search_path of their own, both build, and the warning is gone.
    await db.sql(`ALTER FUNCTION public.squash_sql(text) SET search_path = public; ALTER FUNCTION public.squash_pl(text) SET search_path = public`);
    for (const file of [sqlSpec, plSpec]) {
      expect((await plan(file)).hazards).toEqual([]);
      const applied = await indexes(db, 'apply', file, ['--yes']);
      expect(applied.code, applied.stderr).toBe(0);
      await expectConverged(db, file);
    }
  });

  it('a role with transaction_timeout (PostgreSQL 17+) and no superuser: the build is not killed', async () => {
    const version = (await db.sql<{ version: number }>(`SELECT current_setting('server_version_num')::int AS version`))[0]!.version;
    if (version < 170000) return;
    const role = `perfctl_tt_${process.pid}`;
    await db.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'tt-secret-pw'; ALTER ROLE ${role} SET transaction_timeout = '1s';
      CREATE TABLE owned (id int); INSERT INTO owned SELECT g FROM generate_series(1, 60) g; ALTER TABLE owned OWNER TO ${role}; GRANT CREATE ON SCHEMA public TO ${role};`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'tt-secret-pw';
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_owned_slow, table: owned, columns: [{ expression: "public.slow(id, 25)" }] }
`);
    try {
      const result = await runPerfctl(['indexes', 'apply', '--yes', '-f', file, '--db', url.toString()]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr + result.stdout).not.toContain('tt-secret-pw');
      // As the table's owner: in the owner pass the role of db.url may not read it.
      await expectConverged(db, file, url.toString());
    } finally {
      await db.sql(`DROP TABLE owned; REVOKE CREATE ON SCHEMA public FROM ${role}; DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });

  it('a role that does not own the table: exit 3, the error names what is missing, nothing left behind', async () => {
    const role = `perfctl_np_${process.pid}`;
    await db.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'np-secret-pw'; CREATE TABLE foreign_owned (id int); GRANT SELECT ON foreign_owned TO ${role};`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'np-secret-pw';
    const file = writeSpec(`version: 1
indexes:
  - { table: foreign_owned, columns: [id] }
`);
    try {
      const result = await runPerfctl(['indexes', 'apply', '--yes', '-f', file, '--db', url.toString()]);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/must be owner of table foreign_owned|permission denied/);
      expect(result.stderr).toContain('connect as the owner');
      expect(result.stderr).not.toContain('retrying');
      expect(await invalidIndexes(db)).toEqual([]);
    } finally {
      await db.sql(`DROP TABLE foreign_owned; DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});

