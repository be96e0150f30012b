import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import { parseSpec } from '../../src/spec/load.js';
import { runPerfctl } from '../helpers/cli.js';

async function problems(yaml: string) {
  try {
    await parseSpec(yaml, 'indexes.yaml');
  } catch (error) {
    if (error instanceof SpecError) return error.problems;
    throw error;
  }
  return [];
}

describe('validate: messages a person can act on', () => {
  it('lists problems in file order, whichever pass found them', async () => {
    const found = await problems('version: 1\nindexes:\n  - table: users\n    columns: [email]\n    where: "email ="\n  - table: users\n    colums: [name]\n');
    expect(found.map((p) => p.line)).toEqual([5, 6, 7]);
  });

  it('suggests the name a truncated key begins (cache_hit → cache_hit_ratio)', async () => {
    const [problem] = await problems('version: 1\nbudgets: { cache_hit: 0.9 }\n');
    expect(problem!.message).toMatch(/unknown key "cache_hit"; did you mean "cache_hit_ratio"\?/);
  });

  it('says nothing of "same definition" for two entries whose where: did not parse', async () => {
    const found = await problems('version: 1\nindexes:\n  - { table: t, columns: [a], where: "a >" }\n  - { table: t, columns: [a], where: "b <" }\n');
    expect(found.map((p) => p.message).join('\n')).not.toMatch(/same definition/);
    expect(found.map((p) => p.path)).toEqual(['indexes[0].where', 'indexes[1].where']);
  });

  it('takes expect.max_ms and the *_ms budgets as durations, as pool durations are', async () => {
    const spec = await parseSpec('version: 1\nbudgets: { p95_ms: 1.5s }\nqueries:\n  - { name: q, sql: SELECT 1, expect: { max_ms: 50ms } }\n  - { name: r, sql: SELECT 2, expect: { max_ms: 20 } }\n', 'indexes.yaml');
    expect(spec.queries.map((q) => q.expect.max_ms)).toEqual([50, 20]);
    expect(spec.budgets.p95_ms).toBe(1500);
    const [problem] = await problems('version: 1\nqueries:\n  - { name: q, sql: SELECT 1, expect: { max_ms: soon } }\n');
    expect(problem!.message).toMatch(/expected milliseconds or a duration such as 50ms/);
  });

  it('names the file as given and shows the YAML code frame', async () => {
    const root = mkdtempSync(join(tmpdir(), 'perfctl-given-'));
    mkdirSync(join(root, 'app'));
    mkdirSync(join(root, 'db'));
    writeFileSync(join(root, 'db', 'indexes.yaml'), 'version: 1\nindexes: [{ table: users, columns: [email]\n');
    const run = await runPerfctl(['validate', '-f', '../db/indexes.yaml'], { cwd: join(root, 'app') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ {2}\.\.\/db\/indexes\.yaml:\d+:\d+: /m);
    expect(run.stderr).not.toContain(root);
    expect(run.stderr).toMatch(/\n +\^/);
  });
});
