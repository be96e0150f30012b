import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { worldSql } from '../../src/demo/world.js';
import { runPerfctl } from '../helpers/cli.js';

const ourServers = (): string[] => {
  const ps = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return [...ps.matchAll(/postgres -D (\S*perfctl-embedded-\S+)/g)].map((m) => m[1]!);
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'perfctl-check-embedded-'));
  const [tables, ...data] = worldSql({ users: 3_000, projects: 12_000 });
  writeFileSync(join(dir, 'schema.sql'), tables!.sql);
  // The world's last step is VACUUM, which cannot run inside the one implicit transaction of a multi-statement file.
  writeFileSync(join(dir, 'seed.sql'), data.filter((p) => !p.sql.includes('VACUUM')).map((p) => p.sql).join('\n'));
  writeFileSync(join(dir, 'indexes.yaml'), readFileSync(new URL('../../indexes.yaml', import.meta.url), 'utf8'));
});

describe('perfctl check --embedded --schema', () => {
  it('loads the schema and seed, builds the spec indexes, analyses, checks, and leaves no server behind', async () => {
    const result = await runPerfctl(['check', '--embedded', '--schema', 'schema.sql', '--seed', 'seed.sql', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('building 5 indexes of the spec');
    const doc = JSON.parse(result.stdout);
    expect(doc.passed).toBe(true);
    const drift = doc.results.filter((r: { check: string }) => r.check === 'spec-drift');
    expect(drift.map((r: { verdict: string }) => r.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(doc.results.find((r: { check: string; subject: { name: string } }) => r.check === 'expect-uses-index' && r.subject.name === 'paused_projects').verdict).toBe('pass');
    expect(ourServers()).toEqual([]);
  });

  it('names the schema file and line of a failing statement, and exits 2', async () => {
    writeFileSync(join(dir, 'broken.sql'), 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCREATE TABLE c (id nosuchtype);\n');
    const result = await runPerfctl(['check', '--embedded', '--schema', 'broken.sql'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('broken.sql:3: type "nosuchtype" does not exist');
    expect(result.stderr).toMatch(/LINE 3: CREATE TABLE c \(id nosuchtype\);\n\s+\^/);
    expect(ourServers()).toEqual([]);
  });

  it('refuses --schema without --embedded: it would load SQL into a real database', async () => {
    const result = await runPerfctl(['check', '--db', 'postgres://nobody@127.0.0.1:1/none', '--schema', 'schema.sql'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('only allowed with --embedded');
  });
});
