import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/core/plan/build.js';
import { withDropUsage } from '../../src/core/plan/usage.js';
import { DEFAULT_PLAN_OPTIONS, type Plan } from '../../src/core/plan/types.js';
import type { IndexSnapshot } from '../../src/db/catalog/types.js';
import { SpecError } from '../../src/errors.js';
import type { Spec } from '../../src/spec/types.js';
import { renderPlanSql } from '../../src/ui/plan-text.js';

/** A snapshot read from a real PostgreSQL 18 and the spec it was normalised for (see fixtures/). */
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const snapshot = (): IndexSnapshot => fixture('snapshot.json');
const spec = (): Spec => fixture('spec.json');
const opts = DEFAULT_PLAN_OPTIONS;

const kinds = (plan: Plan) => plan.actions.map((a) => `${a.kind} ${a.index}${a.from && a.from !== a.index ? ` <- ${a.from}` : ''}`);
const index = (snap: IndexSnapshot, name: string) => snap.indexes.find((i) => i.name === name)!;

function specError(fn: () => unknown): SpecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('expected a SpecError');
}

describe('buildPlan', () => {
  it('matches by definition: equivalent spellings are a rename or nothing, a changed definition a replace', () => {
    const plan = buildPlan(spec(), snapshot(), opts);
    expect(kinds(plan)).toEqual([
      'rename idx_users_lower_email <- users_lower',
      'replace idx_users_name',
      'create idx_users_email_unique',
      'create idx_projects_user',
    ]);
    expect(plan.unchanged.map((u) => u.index)).toEqual(['idx_users_created', 'idx_projects_status']);
    expect(plan.unmanaged.map((u) => u.index).sort()).toEqual(['projects_pkey', 'stray', 'users_pkey']);
    expect(plan.blocked).toEqual([]);
  });

  it('builds a replacement under a temporary name, then drops the old index and renames', () => {
    const replace = buildPlan(spec(), snapshot(), opts).actions.find((a) => a.kind === 'replace')!;
    expect(replace.steps.map((s) => s.kind)).toEqual(['build', 'drop', 'rename']);
    expect(replace.steps[0]!.sql).toMatch(/^CREATE INDEX CONCURRENTLY "perfctl_tmp_[0-9a-f]{16}" ON "public"\."users" USING btree \("name"\)$/);
    expect(replace.steps[1]!.sql).toBe('DROP INDEX CONCURRENTLY IF EXISTS "public"."idx_users_name"');
    expect(replace.steps[2]!.renameTo).toBe('idx_users_name');
    expect(replace.previous).toContain('text_pattern_ops');
    expect(replace.hazards.map((h) => h.id)).toEqual(['replace-doubles-space']);
  });

  it('analyzes each table once, after its last build, unless told not to', () => {
    const plan = buildPlan(spec(), snapshot(), opts);
    const analyzes = plan.actions.flatMap((a) => a.steps.filter((s) => s.kind === 'analyze').map((s) => `${a.index}: ${s.sql}`));
    expect(analyzes).toEqual(['idx_users_email_unique: ANALYZE "public"."users"', 'idx_projects_user: ANALYZE "public"."projects"']);
    const none = buildPlan(spec(), snapshot(), { ...opts, analyze: false });
    expect(none.actions.flatMap((a) => a.steps).some((s) => s.kind === 'analyze')).toBe(false);
  });

  it('carries timeouts and hazards on every step', () => {
    const plan = buildPlan(spec(), snapshot(), { ...opts, lockTimeoutMs: 3000, buildTimeoutMs: 60_000 });
    for (const step of plan.actions.flatMap((a) => a.steps)) {
      expect(step.lockTimeoutMs).toBe(3000);
      expect(step.statementTimeoutMs).toBe(60_000);
    }
    const unique = plan.actions.find((a) => a.index === 'idx_users_email_unique')!;
    expect(unique.hazards.map((h) => h.id)).toEqual(['unique-build-may-fail']);
    expect(unique.steps[0]!.duplicateCheckSql).toContain('HAVING pg_catalog.count(*) > 1');
  });

  it('flags a build on a large table with its size', () => {
    const snap = snapshot();
    snap.tables.find((t) => t.name === 'projects')!.sizeBytes = 5 * 1024 ** 3;
    const create = buildPlan(spec(), snap, opts).actions.find((a) => a.index === 'idx_projects_user')!;
    expect(create.hazards).toEqual([expect.objectContaining({ id: 'large-table-build', lossy: false, message: expect.stringContaining('5.0 GB') })]);
  });

  it('prunes only with the option, never a constraint index, and marks the drop as lossy', () => {
    const plan = buildPlan(spec(), snapshot(), { ...opts, prune: true });
    const drops = plan.actions.filter((a) => a.kind === 'drop');
    expect(drops.map((d) => d.index)).toEqual(['stray']);
    expect(drops[0]!.hazards).toEqual([expect.objectContaining({ id: 'index-dropped', lossy: true })]);
    expect(plan.unmanaged.map((u) => u.index).sort()).toEqual(['projects_pkey', 'users_pkey']);
    expect(plan.actions.filter((a) => a.table === 'users').at(-1)!.kind).toBe('drop');
  });

  it('repairs an INVALID index that has the spec name, whatever its definition', () => {
    const snap = snapshot();
    index(snap, 'idx_users_created').valid = false;
    const repair = buildPlan(spec(), snap, opts).actions.find((a) => a.index === 'idx_users_created')!;
    expect(repair.kind).toBe('repair');
    expect(repair.steps.map((s) => s.kind)).toEqual(['drop', 'build']);
  });

  it('never touches an index another session is building', () => {
    const snap = snapshot();
    index(snap, 'idx_users_created').valid = false;
    snap.inProgress.push({ pid: 4242, schema: 'public', table: 'users', index: 'idx_users_created', command: 'CREATE INDEX CONCURRENTLY', phase: 'building index' });
    const plan = buildPlan(spec(), snap, opts);
    expect(plan.blocked).toEqual([{ schema: 'public', table: 'users', index: 'idx_users_created', pid: 4242, phase: 'building index' }]);
    expect(plan.actions.some((a) => a.index === 'idx_users_created')).toBe(false);
  });

  it('waits for a replacement another session is already building', () => {
    const snap = snapshot();
    const temp = buildPlan(spec(), snapshot(), opts).actions.find((a) => a.kind === 'replace')!.steps[0]!.index;
    snap.inProgress.push({ pid: 99, schema: 'public', table: 'users', index: temp, command: 'CREATE INDEX CONCURRENTLY', phase: 'building index' });
    snap.indexes.push({ ...index(snap, 'stray'), name: temp, valid: false });
    const plan = buildPlan(spec(), snap, opts);
    expect(plan.actions.some((a) => a.kind === 'replace' || a.index === temp)).toBe(false);
    expect(plan.blocked).toEqual([expect.objectContaining({ index: temp, pid: 99 })]);
  });

  it('drops perfctl leftovers first, without asking', () => {
    const snap = snapshot();
    snap.indexes.push({ ...index(snap, 'stray'), name: 'perfctl_tmp_0123456789abcdef', valid: false });
    const plan = buildPlan(spec(), snap, opts);
    expect(plan.actions[0]).toMatchObject({ kind: 'drop', index: 'perfctl_tmp_0123456789abcdef', hazards: [] });
  });

  it('finishes an interrupted replace: the valid new index takes the name', () => {
    const snap = snapshot();
    const fresh = snap.specIndexes.find((s) => s.name === 'idx_users_name')!.shape!;
    snap.indexes.push({ ...index(snap, 'idx_users_name'), ...fresh, name: 'perfctl_tmp_aaaaaaaaaaaaaaaa' });
    const replace = buildPlan(spec(), snap, opts).actions.find((a) => a.index === 'idx_users_name')!;
    expect(replace.steps.map((s) => `${s.kind} ${s.index}`)).toEqual(['drop idx_users_name', 'rename perfctl_tmp_aaaaaaaaaaaaaaaa']);
  });

  it('rejects unknown tables and columns with did-you-mean, before any DDL', () => {
    const s = spec();
    s.indexes[0]!.table = 'Users';
    s.indexes[5]!.include = ['titel'];
    const error = specError(() => buildPlan(s, snapshot(), opts));
    expect(error.exitCode).toBe(2);
    expect(error.problems.map((p) => p.message)).toEqual([
      'table "Users" not found in schema "public"; did you mean "users"?',
      'column "titel" not found in public.projects; did you mean "title"?',
    ]);
  });

  it('reports what PostgreSQL rejected while normalising', () => {
    const snap = snapshot();
    snap.specIndexes[0] = { schema: 'public', name: 'idx_users_lower_email', error: 'functions in index expression must be marked IMMUTABLE' };
    expect(specError(() => buildPlan(spec(), snap, opts)).problems[0]!.message).toContain('must be marked IMMUTABLE');
  });

  it('warns about functions without SET search_path on PostgreSQL 17+, and explains a rejected definition there', () => {
    const snap = snapshot();
    const target = snap.specIndexes.find((n) => n.name === 'idx_projects_user')!;
    target.searchPathFunctions = ['public.f(t text)'];
    const action = buildPlan(spec(), snap, opts).actions.find((a) => a.index === 'idx_projects_user')!;
    expect(action.hazards.map((h) => h.id)).toContain('function-search-path');
    expect(action.steps[0]!.searchPathFunctions).toEqual(['public.f(t text)']);
    snap.specIndexes[0] = { schema: 'public', name: 'idx_users_lower_email', error: 'function inner(text) does not exist' };
    snap.serverVersionNum = 170000;
    expect(specError(() => buildPlan(spec(), snap, opts)).problems[0]!.message).toContain('search_path = pg_catalog, pg_temp');
    snap.serverVersionNum = 160000;
    expect(specError(() => buildPlan(spec(), snap, opts)).problems[0]!.message).not.toContain('search_path');
  });

  it('plans a partitioned parent as partition builds, then one action that defines and attaches; refuses a unique index without the key', () => {
    const snap = snapshot();
    const projects = snap.tables.find((t) => t.name === 'projects')!;
    Object.assign(projects, { kind: 'partitioned', partitionKey: ['user_id'], partitions: [{ schema: 'public', name: 'projects_a', parent: 'public.projects', kind: 'table', sizeBytes: 0 }] });
    const plan = buildPlan(spec(), snap, opts);
    expect(kinds(plan).slice(-2)).toEqual(['create projects_a_idx_projects_user', 'create idx_projects_user']);
    const parent = plan.actions.at(-1)!;
    expect(parent.after).toEqual(['create public.projects_a_idx_projects_user']);
    expect(parent.steps.map((s) => s.kind)).toEqual(['define', 'attach']);
    expect(parent.steps.some((s) => s.kind === 'analyze')).toBe(false);
    const unique = spec();
    unique.indexes.find((i) => i.name === 'idx_projects_user')!.unique = true;
    projects.partitionKey = ['status'];
    expect(specError(() => buildPlan(unique, snap, opts)).problems[0]!.message).toContain('must include the partition key: add status (the partition key of public.projects)');
  });

  it('refuses a name another relation holds, and a constraint index it would have to rebuild', () => {
    const s = spec();
    const snap = snapshot();
    s.indexes[5]!.name = 'taken_name';
    snap.specIndexes.find((n) => n.name === 'idx_projects_user')!.name = 'taken_name';
    expect(specError(() => buildPlan(s, snap, opts)).problems[0]!.message).toContain('already used by the sequence public.taken_name');
    const s2 = spec();
    const snap2 = snapshot();
    s2.indexes[2]!.name = 'users_pkey';
    snap2.specIndexes.find((n) => n.name === 'idx_users_name')!.name = 'users_pkey';
    expect(specError(() => buildPlan(s2, snap2, opts)).problems[0]!.message).toContain('backs a primary key constraint');
  });

  it('carries tablespace and storage into the build, and names what it cannot carry over', () => {
    const snap = snapshot();
    index(snap, 'idx_users_name').attributes = { replicaIdentity: false, clustered: true, comment: 'a \\ path', tablespace: 'fast', storage: ['fillfactor=70'], statistics: [{ column: 1, target: 500 }] };
    const replace = buildPlan(spec(), snap, opts).actions.find((a) => a.kind === 'replace')!;
    expect(replace.steps.map((s) => s.kind)).toEqual(['build', 'alter', 'alter', 'drop', 'rename']);
    expect(replace.steps[0]!.sql).toMatch(/USING btree \("name"\) WITH \("fillfactor" = '70'\) TABLESPACE "fast"$/);
    expect(replace.steps[1]!.sql).toMatch(/^COMMENT ON INDEX "public"\."perfctl_tmp_[0-9a-f]{16}" IS E'a \\\\ path'$/);
    expect(replace.steps[2]!.sql).toMatch(/^ALTER TABLE "public"\."users" CLUSTER ON "perfctl_tmp_/);
    expect(replace.carries).toEqual(['storage (fillfactor=70)', 'tablespace fast', 'comment', 'CLUSTER marker']);
    // Column 1 of the old index is a plain column: its target cannot be kept (only expression columns have one).
    expect(replace.hazards.find((h) => h.id === 'attribute-not-carried')?.message).toContain('statistics target of public.idx_users_name');
  });

  it('never plans the drop of an index a foreign key references or a partitioned index holds', () => {
    const snap = snapshot();
    index(snap, 'stray').foreignKeys = ['orders_user_fkey on public.orders'];
    const pruned = buildPlan(spec(), snap, { ...opts, prune: true });
    expect(kinds(pruned)).not.toContain('drop stray');
    expect(pruned.unmanaged.find((u) => u.index === 'stray')?.reason).toContain('referenced by the foreign key orders_user_fkey on public.orders');
    const held = snapshot();
    index(held, 'idx_users_name').attachedTo = 'public.parent_name_idx';
    const error = specError(() => buildPlan(spec(), held, opts));
    expect(error.problems[0]!.message).toContain('attached to the partitioned index public.parent_name_idx');
    expect(error.hint).not.toMatch(/cascade/i);
  });

  it('is pure: same input, same plan, input untouched', () => {
    const snap = snapshot();
    const before = JSON.stringify(snap);
    expect(buildPlan(spec(), snap, opts)).toEqual(buildPlan(spec(), snap, opts));
    expect(JSON.stringify(snap)).toBe(before);
  });

  it('renders a script of single statements with no transaction block', () => {
    const plan = buildPlan(spec(), snapshot(), { ...opts, prune: true });
    const script = renderPlanSql(plan, 'db:5432/app', 170000);
    expect(script).toContain("SET transaction_timeout = '0';");
    expect(script).toContain("SET idle_session_timeout = '0';");
    expect(renderPlanSql(plan, 'db:5432/app', 150000)).not.toContain('transaction_timeout');
    expect(script).not.toMatch(/^\s*(BEGIN|COMMIT|START TRANSACTION)/im);
    const statements = script.split('\n').filter((l) => l && !l.startsWith('--'));
    expect(statements.every((l) => l.endsWith(';') && l.indexOf(';') === l.length - 1)).toBe(true);
    for (const step of plan.actions.flatMap((a) => a.steps)) expect(statements).toContain(`${step.sql};`);
  });
});

describe('withDropUsage', () => {
  const dropPlan = (): Plan => ({
    actions: [{ id: 'drop public.old', kind: 'drop', schema: 'public', table: 't', index: 'old', reason: 'not in the spec (prune)', definition: '', steps: [], hazards: [{ id: 'index-dropped', lossy: true, message: 'drops public.old (8 kB)' }] }],
    blocked: [],
    unmanaged: [],
    unchanged: [],
  });
  const server = (name: string, scans: number, lastUsed: string | null = null) => ({ server: name, statsReset: '2026-10-01 00:00:00+00', indexes: new Map([['public.old', { scans, lastUsed }]]) });

  it('says never scanned on every server consulted, and that replicas were not when none were given', () => {
    expect(withDropUsage(dropPlan(), server('primary', 0), []).actions[0]!.hazards[0]!.message).toBe(
      'drops public.old (8 kB); never scanned on this server since 2026-10-01 00:00 UTC; replicas not consulted (usage counts are per server: pass --replica URL for each hot standby)',
    );
    expect(withDropUsage(dropPlan(), server('primary', 0), [server('r1:5432/app', 0)]).actions[0]!.hazards[0]!.message).toBe(
      'drops public.old (8 kB); never scanned on this server since 2026-10-01 00:00 UTC, r1:5432/app since 2026-10-01 00:00 UTC',
    );
  });

  it('shouts when a replica still uses it, with the latest use', () => {
    const plan = withDropUsage(dropPlan(), server('primary', 0, null), [server('r1:5432/app', 1234, '2026-11-20 10:00:00.123+00')]);
    expect(plan.actions[0]!.hazards[0]!.message).toContain('STILL USED: 0 scans on this server since 2026-10-01 00:00 UTC, 1,234 scans on r1:5432/app since 2026-10-01 00:00 UTC; last used 2026-11-20 10:00 UTC');
    expect(plan.actions[0]!.usage!.map((u) => u.scans)).toEqual([0, 1234]);
  });
});
