import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { hasScript, inTerminal } from '../helpers/terminal.js';

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

describe.skipIf(!hasScript)('apply in a terminal', () => {
  it('prints plain lines when CONTINUOUS_INTEGRATION says CI, as Ink would draw nothing live there', async () => {
    const run = await inTerminal(['indexes', 'apply', '--db', db.url, '--yes'], { cwd: specDir('idx_notes_body_ci', 'body'), env: { CONTINUOUS_INTEGRATION: 'true' } });
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toMatch(/^\d\d:\d\d:\d\d building public\.idx_notes_body_ci .*\[pid \d+\]$/m);
    expect(run.screen).toMatch(/^\d\d:\d\d:\d\d ✓ create public\.idx_notes_body_ci done in/m);
    expect(run.raw).not.toContain('\x1b[?25l');
  });

  it('prints plain lines without escape codes when TERM=dumb', async () => {
    const run = await inTerminal(['indexes', 'apply', '--db', db.url, '--yes'], { cwd: specDir('idx_notes_author_dumb', 'author'), env: { TERM: 'dumb' } });
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toMatch(/^\d\d:\d\d:\d\d building public\.idx_notes_author_dumb .*\[pid \d+\]$/m);
    expect(run.raw).not.toContain('\x1b');
  });
});
