import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/util/width.js';
import { runPerfctl } from '../helpers/cli.js';

/** Data directories of the PostgreSQL servers this test process started (other runs may share /tmp). */
const ourServers = (): string[] => {
  const ps = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return [...ps.matchAll(/postgres -D (\S*perfctl-embedded-\S+)/g)].map((m) => m[1]!);
};

describe('the embedded server', () => {
  it('starts for --embedded with pg_stat_statements preloaded, and is gone afterwards', async () => {
    const result = await runPerfctl(['doctor', '--embedded', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.connection).toMatchObject({ source: 'embedded', target: expect.stringMatching(/^127\.0\.0\.1:\d+\/postgres$/) });
    expect(doc.checks.find((c: { id: string }) => c.id === 'pg-stat-statements').summary).toMatch(/not installed in this database|pg_stat_statements \d/);
    expect(ourServers()).toEqual([]);
  });

  it('is used when the spec says database: embedded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-spec-'));
    writeFileSync(join(dir, 'indexes.yaml'), 'version: 1\ndatabase: embedded\n');
    const result = await runPerfctl(['doctor', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).connection.source).toBe('embedded');
  });

  it('stops on Ctrl-C: exit 130, server and data directory gone', async () => {
    const controller = new AbortController();
    const running = runPerfctl(['demo', '--users', '200000', '--projects', '1000000'], { signal: controller.signal });
    // Interrupt while the world is being generated.
    let during: string[] = [];
    for (let i = 0; i < 100 && during.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      during = ourServers();
    }
    expect(during.length).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    controller.abort('SIGINT');
    const result = await running;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted/);
    expect(ourServers()).toEqual([]);
    expect(existsSync(during[0]!)).toBe(false);
  });
});

describe('perfctl demo', () => {
  it('fits its tables and plans to an 80-column terminal', async () => {
    const result = await runPerfctl(['demo', '--users', '2000', '--projects', '4000', '--no-color'], { columns: 80 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/│ user_by_email +│/);
    expect(result.stderr).toMatch(/│ create +│ idx_users_email_active +│/);
    // Everything on stdout fits, and so do the tables on stderr (SQL to copy and log lines stay whole).
    const fitted = [...result.stdout.split('\n'), ...result.stderr.split('\n').filter((l) => /^\s*[│┌├└]/.test(l))];
    expect(fitted.filter((l) => displayWidth(l) > 80)).toEqual([]);
  });

  it('tells the story end to end: sequential scans before, the spec indexes after', async () => {
    const result = await runPerfctl(['demo', '--users', '20000', '--projects', '40000', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.version).toBe(1);
    expect(doc.queries.length).toBeGreaterThanOrEqual(5);
    for (const q of doc.queries) expect(q.before_plan, q.name).toMatch(/Seq Scan/);
    const after = Object.fromEntries(doc.queries.map((q: { name: string; after_plan: string }) => [q.name, q.after_plan]));
    expect(after.user_by_email).toMatch(/idx_users_email_active/);
    expect(after.recent_projects).toMatch(/idx_projects_user_created/);
    expect(after.users_named).toMatch(/idx_users_name_search/);
    const byName = Object.fromEntries(doc.queries.map((q: { name: string }) => [q.name, q]));
    expect(byName.user_by_email.before_findings).toContain('seq-scan-filter');
    expect(byName.user_by_email.after_findings).toEqual([]);
    expect(doc.builds.map((b: { index: string; status: string }) => `${b.index}:${b.status}`).sort()).toEqual(
      ['idx_projects_status', 'idx_projects_user_created', 'idx_users_created_at_desc', 'idx_users_email_active', 'idx_users_name_search'].map((i) => `${i}:done`),
    );
  });
});
