import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worldSql } from '../../src/demo/world.js';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { parseXml, type XmlElement } from '../helpers/xml.js';

const SPEC_TEXT = readFileSync(new URL('../../indexes.yaml', import.meta.url), 'utf8');
let db: TestDatabase;
let dir: string;

type Result = { check: string; subject: { name: string }; verdict: string; message: string; node: string | null; detail: string[]; help: string | null; location: { line: number } | null; evidence: Record<string, unknown> };
const check = (args: string[] = [], env: NodeJS.ProcessEnv = {}) => runPerfctl(['check', '-f', 'indexes.yaml', '--db', db.url, ...args], { cwd: dir, env });
const results = (stdout: string): Result[] => JSON.parse(stdout).results;
const find = (rs: Result[], id: string, subject: string) => rs.find((r) => r.check === id && r.subject.name === subject)!;
/** The 1-based line of the first spec line containing `text`. */
const lineOf = (text: string) => SPEC_TEXT.split('\n').findIndex((l) => l.includes(text)) + 1;

beforeAll(async () => {
  db = await createTestDatabase('check');
  dir = mkdtempSync(join(tmpdir(), 'perfctl-check-'));
  writeFileSync(join(dir, 'indexes.yaml'), SPEC_TEXT);
  for (const part of worldSql({ users: 5_000, projects: 20_000 })) await db.sql(part.sql);
  const applied = await runPerfctl(['indexes', 'apply', '-f', 'indexes.yaml', '--db', db.url, '--yes'], { cwd: dir });
  expect(applied.code, applied.stderr).toBe(0);
});
afterAll(async () => db?.drop());

describe('perfctl check against a live database', () => {
  it('passes when every sample query is covered, and says what it did not judge', async () => {
    const result = await check();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ pass {2}expect-uses-index +user_by_email: Index Scan using idx_users_email_active on users/);
    expect(result.stdout).toMatch(/- skip {2}expect-max-ms +user_by_email: max_ms 50 ms not judged: it needs --analyze/);
    expect(result.stdout).toMatch(/check passed: \d+ passed, 0 failed, 0 warnings, 2 skipped/);
    const json = await check(['--json']);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ version: 1, kind: 'check', spec: 'indexes.yaml', mode: 'estimate', passed: true });
    expect(doc.summary.fail).toBe(0);
    expect(find(doc.results, 'index-coverage', 'index_coverage').evidence).toMatchObject({ covered: 5, queries: 5 });
  });

  it('a dropped index fails its query, naming the node that replaced it; drift and annotations point at the spec lines', async () => {
    await db.sql('DROP INDEX idx_projects_status');
    try {
      const result = await check(['--json'], { GITHUB_ACTIONS: 'true' });
      expect(result.code).toBe(1);
      const rs = results(result.stdout);
      const usage = find(rs, 'expect-uses-index', 'paused_projects');
      expect(usage.verdict).toBe('fail');
      expect(usage.node).toMatch(/Seq Scan on projects/);
      expect(usage.message).toMatch(/expected idx_projects_status, but it does not exist in the database; the plan uses .*Seq Scan on projects/);
      expect(usage.detail.some((l) => l.includes('◀ expected idx_projects_status') && l.includes('Seq Scan on projects'))).toBe(true);
      expect(usage.location!.line).toBe(lineOf('- name: paused_projects'));
      const drift = find(rs, 'spec-drift', 'idx_projects_status');
      expect(drift).toMatchObject({ verdict: 'fail', evidence: { action: 'create' } });
      expect(drift.location!.line).toBe(lineOf('name: idx_projects_status') - 1);
      expect(find(rs, 'uncovered-index', 'idx_projects_status').verdict).toBe('warn');
      expect(find(rs, 'index-coverage', 'index_coverage').verdict).toBe('fail');

      const annotations = result.stderr.split('\n').filter((l) => l.startsWith('::'));
      const prefix = `::error file=indexes.yaml,line=${lineOf('- name: paused_projects')},col=5,title=perfctl check%3A expect-uses-index::`;
      expect(annotations.find((l) => l.startsWith(prefix))).toBe(`${prefix}${usage.message}%0A${usage.help}`);
      expect(annotations.some((l) => l.startsWith(`::error file=indexes.yaml,line=${lineOf('name: idx_projects_status') - 1},`) && l.includes('spec-drift'))).toBe(true);
      expect(annotations.some((l) => l.startsWith('::warning ') && l.includes('uncovered-index'))).toBe(true);
      expect(annotations.some((l) => l.startsWith('::error file=indexes.yaml,title=perfctl check%3A index-coverage::'))).toBe(true);

      const human = await check([], { GITHUB_ACTIONS: 'true' });
      expect(human.stdout).toMatch(/✗ FAIL {2}expect-uses-index +paused_projects: expected idx_projects_status/);
      expect(human.stdout).toContain('◀ expected idx_projects_status');
      expect(human.stdout).toMatch(/^::error file=indexes.yaml,line=\d+,col=5,/m);
    } finally {
      await db.sql(`CREATE INDEX idx_projects_status ON projects (status) WHERE status <> 'archived'`);
    }
  });

  it('an INVALID index is drift', async () => {
    await db.sql(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'idx_users_created_at_desc'::regclass`);
    try {
      const result = await check(['--json']);
      expect(result.code).toBe(1);
      const drift = find(results(result.stdout), 'spec-drift', 'idx_users_created_at_desc');
      expect(drift).toMatchObject({ verdict: 'fail', evidence: { action: 'repair' } });
      expect(drift.message).toContain('INVALID');
    } finally {
      await db.sql(`UPDATE pg_index SET indisvalid = true WHERE indexrelid = 'idx_users_created_at_desc'::regclass`);
    }
  });

  it('with prune, an index the spec does not name is drift', async () => {
    await db.sql('CREATE INDEX stray_users_name ON users (name)');
    try {
      expect((await check()).code).toBe(0);
      const result = await check(['--prune', '--json']);
      expect(result.code).toBe(1);
      expect(find(results(result.stdout), 'spec-drift', 'stray_users_name')).toMatchObject({ verdict: 'fail', evidence: { action: 'drop' } });
    } finally {
      await db.sql('DROP INDEX stray_users_name');
    }
  });

  it('records a baseline, passes against it, and fails on a changed index choice or a cost rise', async () => {
    const file = join(dir, 'plans.json');
    const recorded = await check(['--baseline', 'plans.json', '--update-baseline']);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stderr).toContain('wrote the baseline plans.json');
    const baseline = JSON.parse(readFileSync(file, 'utf8'));
    expect(baseline).toMatchObject({ version: 1, kind: 'perfctl-check-baseline' });
    expect(baseline.queries.map((q: { name: string }) => q.name)).toEqual(['user_by_email', 'newest_users', 'users_named', 'recent_projects', 'paused_projects']);

    const same = await check(['--baseline', 'plans.json', '--json']);
    expect(same.code, same.stderr).toBe(0);
    expect(results(same.stdout).filter((r) => r.check === 'plan-regression').map((r) => r.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);

    const q = (name: string) => baseline.queries.find((x: { name: string }) => x.name === name);
    q('newest_users').indexes = ['idx_users_created_at'];
    q('recent_projects').cost = q('recent_projects').cost / 2;
    writeFileSync(file, JSON.stringify(baseline));
    const changed = await check(['--baseline', 'plans.json', '--json']);
    expect(changed.code).toBe(1);
    const rs = results(changed.stdout);
    expect(find(rs, 'plan-regression', 'newest_users').message).toContain('index choice changed: idx_users_created_at → idx_users_created_at_desc');
    expect(find(rs, 'plan-regression', 'recent_projects').message).toMatch(/estimated cost .* \(\+100%, limit \+20%\)/);
    const lenient = results((await check(['--baseline', 'plans.json', '--max-cost-increase', '150%', '--json'])).stdout);
    expect(find(lenient, 'plan-regression', 'recent_projects').verdict).toBe('pass');
    expect(find(lenient, 'plan-regression', 'newest_users').verdict).toBe('fail');
  });

  it('writes JUnit XML with the usual structure and consistent counts', async () => {
    await db.sql('DROP INDEX idx_users_email_active');
    try {
      const result = await check(['--junit', 'check.xml']);
      expect(result.code).toBe(1);
      const root = parseXml(readFileSync(join(dir, 'check.xml'), 'utf8'));
      expect(root.name).toBe('testsuites');
      const suites = root.children;
      expect(suites.length).toBeGreaterThan(3);
      expect(suites.every((s) => s.name === 'testsuite' && s.children.every((c) => c.name === 'testcase'))).toBe(true);
      const cases = suites.flatMap((s) => s.children);
      const failures = cases.flatMap((c) => c.children.filter((x) => x.name === 'failure'));
      const sum = (attr: string) => suites.reduce((n, s) => n + Number(s.attrs[attr]), 0);
      expect(Number(root.attrs.tests)).toBe(cases.length);
      expect(sum('tests')).toBe(cases.length);
      expect(Number(root.attrs.failures)).toBe(failures.length);
      expect(sum('failures')).toBe(failures.length);
      for (const s of suites) expect(Number(s.attrs.failures)).toBe(s.children.filter((c) => c.children.some((x) => x.name === 'failure')).length);
      const failed = cases.find((c: XmlElement) => c.attrs.classname === 'perfctl.check.expect-uses-index' && c.attrs.name === 'query user_by_email')!;
      expect(failed.attrs.line).toBe(String(lineOf('- name: user_by_email')));
      expect(failed.children[0]!.attrs.message).toContain('expected idx_users_email_active');
      expect(failed.children[0]!.text).toContain('◀ expected idx_users_email_active');
    } finally {
      await db.sql('CREATE INDEX idx_users_email_active ON users (email, is_active)');
    }
  });

  it('measures p95_ms with --analyze --repeat through the pool, and judges max_ms', async () => {
    const result = await check(['--analyze', '--repeat', '3', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const rs = results(result.stdout);
    expect(find(rs, 'p95-budget', 'p95_ms')).toMatchObject({ verdict: 'pass', evidence: { runs: 15, repeat: 3 } });
    expect(find(rs, 'expect-max-ms', 'user_by_email').verdict).toBe('pass');
    writeFileSync(join(dir, 'tight.yaml'), SPEC_TEXT.replace('p95_ms: 100', 'p95_ms: 0.001'));
    const tight = await runPerfctl(['check', '-f', 'tight.yaml', '--db', db.url, '--analyze', '--repeat', '2', '--json'], { cwd: dir });
    expect(tight.code).toBe(1);
    expect(find(results(tight.stdout), 'p95-budget', 'p95_ms').message).toMatch(/p95 .* over 10 runs of 5 queries through the pool, budget ≤ .*; slowest: /);
  });

  it('says an index is not yet usable, and why, until the table is analysed', async () => {
    await db.sql(`CREATE TABLE fresh_notes (id int, title text) WITH (autovacuum_enabled = false);
      INSERT INTO fresh_notes SELECT g, 'Title ' || g FROM generate_series(1, 2000) g;`);
    const own = mkdtempSync(join(tmpdir(), 'perfctl-check-'));
    writeFileSync(join(own, 'indexes.yaml'), 'version: 1\nindexes:\n  - { name: idx_fresh_notes_title, table: fresh_notes, columns: [{ expression: "lower(title)" }] }\n');
    const run = (args: string[]) => runPerfctl([...args, '-f', 'indexes.yaml', '--db', db.url], { cwd: own });
    const applied = await run(['indexes', 'apply', '--yes', '--no-analyze']);
    expect(applied.code, applied.stderr).toBe(0);
    const before = find(results((await run(['check', '--json'])).stdout), 'uncovered-index', 'idx_fresh_notes_title');
    expect(before.verdict).toBe('warn');
    expect(before.message).toContain('not yet usable: PostgreSQL has no statistics for its expression yet');
    // Whether the build already counted the table's rows (reltuples) depends on the server version.
    expect(before.message).toMatch(/yet(; public\.fresh_notes has never been analysed)?$/);
    expect(before.help).toContain('ANALYZE on public.fresh_notes');
    await db.sql('ANALYZE fresh_notes');
    const after = find(results((await run(['check', '--json'])).stdout), 'uncovered-index', 'idx_fresh_notes_title');
    expect(after.message).not.toContain('not yet usable');
  });

  it('exits 2 for a bad spec or flags, 3 when the database cannot be reached', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nindexes:\n  - { table: nosuch, columns: [a] }\n');
    const bad = await runPerfctl(['check', '-f', 'bad.yaml', '--db', db.url], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yaml:3:5');
    expect((await check(['--repeat', '5'])).code).toBe(2);
    const down = await runPerfctl(['check', '-f', 'indexes.yaml', '--db', 'postgres://nobody@127.0.0.1:1/none'], { cwd: dir });
    expect(down.code).toBe(3);
  });
});
