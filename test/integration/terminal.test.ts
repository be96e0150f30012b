import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/util/width.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { GATE_FUNCTION, buildInProgress, holdGate } from '../helpers/indexes.js';
import { finalScreen, hasScript, inTerminal } from '../helpers/terminal.js';

/** What a user's terminal shows: the shipped program in a pseudo-terminal (`script`). */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('terminal');
  await db.sql(`CREATE TABLE notes (id int PRIMARY KEY, body text, author text);
    INSERT INTO notes SELECT g, 'note ' || g, 'a' || (g % 10) FROM generate_series(1, 500) g; ANALYZE notes;`);
});
afterAll(async () => db?.drop());

function specDir(index: string, column: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'perfctl-term-'));
  writeFileSync(join(dir, 'indexes.yaml'), `version: 1\nindexes:\n  - { name: ${index}, table: notes, columns: [${column}] }\n`);
  return dir;
}

describe.skipIf(!hasScript)('tables in a terminal', () => {
  it.each([80, 120])('indexes status fits %i columns, every line by display width', async (columns) => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-term-'));
    writeFileSync(
      join(dir, 'indexes.yaml'),
      `version: 1\nindexes:\n  - { name: idx_notes_long_expression_of_the_body, table: notes, columns: [{ expression: "lower(substr(body, 1, 40) || ' by ' || coalesce(author, 'nobody'))" }, id], where: "id > 100 AND body IS NOT NULL" }\n`,
    );
    expect((await inTerminal(['indexes', 'apply', '--db', db.url, '--yes'], { cwd: dir, env: { CI: 'true' } })).code).toBe(0);
    const run = await inTerminal(['indexes', 'status', '--db', db.url], { cwd: dir, columns });
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toContain('idx_notes_long_expression_of_the_body');
    expect(run.screen.split('\n').filter((l) => displayWidth(l) > columns)).toEqual([]);
    const wide = await inTerminal(['indexes', 'status', '--db', db.url, '--wide'], { cwd: dir, columns });
    expect(wide.screen).toContain("WHERE ((id > 100) AND (body IS NOT NULL))");
    expect(wide.screen).toContain('tuples read');
  });
});

describe.skipIf(!hasScript)('apply in a terminal', () => {
  it('prints plain lines when CONTINUOUS_INTEGRATION says CI, as Ink would draw nothing live there', async () => {
    const run = await inTerminal(['indexes', 'apply', '--db', db.url, '--yes'], { cwd: specDir('idx_notes_body_ci', 'body'), env: { CONTINUOUS_INTEGRATION: 'true' } });
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toMatch(/^\d\d:\d\d:\d\d building public\.idx_notes_body_ci .*\[pid \d+\]$/m);
    expect(run.screen).toMatch(/^\d\d:\d\d:\d\d ✓ create public\.idx_notes_body_ci done in/m);
    expect(run.raw).not.toContain('\x1b[?25l');
    // The summary table fits the 80 columns of this terminal.
    const table = run.screen.split('\n').filter((l) => /^[│┌├└]/.test(l));
    expect(table.join('\n')).toMatch(/│ create +│ idx_notes_body_ci +│/);
    expect(table.filter((l) => displayWidth(l) > 80)).toEqual([]);
  });

  it('prints plain lines without escape codes when TERM=dumb', async () => {
    const run = await inTerminal(['indexes', 'apply', '--db', db.url, '--yes'], { cwd: specDir('idx_notes_author_dumb', 'author'), env: { TERM: 'dumb' } });
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toMatch(/^\d\d:\d\d:\d\d building public\.idx_notes_author_dumb .*\[pid \d+\]$/m);
    expect(run.raw).not.toContain('\x1b');
  });
});

describe.skipIf(!hasScript)('Ctrl-C during apply in a terminal', () => {
  it('leaves one truthful summary and no stale live frame', async () => {
    await db.sql(`${GATE_FUNCTION}; CREATE TABLE gated (id int); INSERT INTO gated SELECT g FROM generate_series(1, 50) g;`);
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-term-'));
    writeFileSync(join(dir, 'indexes.yaml'), 'version: 1\nindexes:\n  - { name: idx_gated_tty, table: gated, columns: [{ expression: "public.gate(id, 7401)" }] }\n');
    const gate = await holdGate(db, 7401);
    let type: ((keys: string) => void) | undefined;
    try {
      const running = inTerminal(['indexes', 'apply', '--db', db.url, '--yes', '--no-color'], { cwd: dir, columns: 100, started: (t) => (type = t) });
      await buildInProgress(db, 'building index', 'gated');
      // Let the live view draw its progress a few times, then press Ctrl-C.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      type!('\x03');
      const run = await running;
      expect(run.code, run.screen).toBe(130);
      const screen = finalScreen(run.raw);
      const text = screen.join('\n');
      expect(text).toMatch(/interrupted: 0 actions done, 1 remaining; nothing INVALID was left behind/);
      expect(text).not.toMatch(/left INVALID/);
      expect(text).toMatch(/public\.idx_gated_tty: dropped the INVALID index the build left/);
      // The live rows (spinner, bar) are gone from the screen once apply has ended.
      expect(screen.filter((l) => /⠿|█|░/.test(l))).toEqual([]);
      expect(screen.filter((l) => /interrupted: 0 actions done/.test(l))).toHaveLength(1);
    } finally {
      await gate.release();
    }
  });
});
