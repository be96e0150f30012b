import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { classifyStatement, classifyStatements } from '../../../src/core/explain/classify.js';
import { PerfctlError } from '../../../src/errors.js';
import { ParseCache } from '../../../src/util/parse-cache.js';
import { annotateConditions } from '../../../src/core/explain/conditions.js';
import { normalisePlan } from '../../../src/core/explain/normalise.js';
import { rawFixture } from '../../helpers/plans.js';

async function refusal(sql: string): Promise<PerfctlError> {
  const error = await classifyStatement(sql).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, sql).toBeInstanceOf(PerfctlError);
  return error as PerfctlError;
}

describe('classifyStatement', () => {
  it('accepts one query, trims the semicolon and counts $n', async () => {
    const s = await classifyStatement('  -- lookup\n  SELECT * FROM users WHERE id = $2 OR id = $1;  ');
    expect(s).toMatchObject({ command: 'SELECT', writes: false, paramCount: 2, text: 'SELECT * FROM users WHERE id = $2 OR id = $1' });
    expect('  -- lookup\n  SELECT * FROM users WHERE id = $2 OR id = $1;  '.slice(s.offset).startsWith('SELECT')).toBe(true);
  });

  it.each(['INSERT INTO t VALUES (1)', 'UPDATE t SET a = 1', 'DELETE FROM t', 'MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE'])('marks %s as writing', async (sql) => {
    expect((await classifyStatement(sql)).writes).toBe(true);
  });

  it('sees a data-modifying CTE, nested too', async () => {
    expect(await classifyStatement('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d')).toMatchObject({ command: 'SELECT', writes: true, writingCte: true });
    expect((await classifyStatement('WITH a AS (WITH b AS (UPDATE t SET x = 1 RETURNING *) SELECT * FROM b) SELECT * FROM a')).writingCte).toBe(true);
    expect((await classifyStatement('WITH a AS (SELECT 1) SELECT * FROM a')).writes).toBe(false);
  });

  it('lists the effects a rollback does not undo', async () => {
    expect((await classifyStatement(`INSERT INTO t VALUES (nextval('s'))`)).sideEffects.join(' ')).toContain('sequences advanced');
    expect((await classifyStatement('INSERT INTO t DEFAULT VALUES')).sideEffects.join(' ')).toContain('serial and identity');
    expect((await classifyStatement(`SELECT dblink_exec('x', 'DELETE FROM t')`)).sideEffects.join(' ')).toContain('dblink');
  });

  it('refuses several statements, transaction control, utility statements and SELECT INTO', async () => {
    expect((await refusal('SELECT 1; DROP TABLE t')).message).toContain('2 statements');
    expect((await refusal('BEGIN')).message).toContain('transaction control');
    expect((await refusal('COPY t TO STDOUT')).message).toContain('utility statements (Copy)');
    expect((await refusal('SELECT * INTO t2 FROM t')).message).toContain('SELECT ... INTO');
    expect((await refusal('EXPLAIN SELECT 1')).message).toContain('already an EXPLAIN');
    expect((await refusal('  ;  ')).message).toContain('no statement');
  });

  it('points at a syntax error with a caret, also after non-ASCII text', async () => {
    const ascii = await refusal('SELECT * FORM users');
    expect(ascii.code).toBe('sql-syntax');
    expect(ascii.message).toBe('syntax error at or near "FORM"\nLINE 1: SELECT * FORM users\n                 ^');
    // libpg-query reports a byte offset: after "é" it must still land on the right character.
    const accented = await refusal("SELECT 'héhé' AS x FORM users");
    const [message, line, caret] = accented.message.split('\n');
    expect(message).toBe('syntax error at or near "FORM"');
    expect(caret!.indexOf('^')).toBe(line!.indexOf('FORM'));
  });
});

describe('classifyStatement with the parse cache', () => {
  const cacheIn = (dir: string) => ParseCache.open('statements', { PERFCTL_CACHE_DIR: dir });

  it('answers a statement seen before from the cache, the same as the parser did, without its text on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-cache-'));
    const sql = "  /* hi */ WITH d AS (UPDATE t SET a = 1 RETURNING *) SELECT nextval('s'), * FROM d WHERE x = $3 AND email = 'secret@example.com';  ";
    const fresh = await classifyStatement(sql, cacheIn(dir));
    const file = join(dir, 'statements-v1.json');
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain('secret@example.com');
    expect(stored).not.toContain('UPDATE');
    // Prove the answer comes from the cache: rewrite the stored span, and the cached answer follows it.
    const entries = JSON.parse(stored) as Record<string, string>;
    const [key] = Object.keys(entries);
    const facts = JSON.parse(entries[key!]!) as { start: number; end: number };
    expect(await classifyStatement(sql, cacheIn(dir))).toEqual(fresh);
    writeFileSync(file, JSON.stringify({ [key!]: JSON.stringify({ ...facts, end: facts.end - 1 }) }));
    expect((await classifyStatement(sql, cacheIn(dir))).text).toBe(fresh.text.slice(0, -1));
  });

  it('treats a damaged entry as a miss, and never stores what the parser refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-cache-'));
    const sql = 'SELECT 1';
    await classifyStatement(sql, cacheIn(dir));
    const file = join(dir, 'statements-v1.json');
    const [key] = Object.keys(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
    for (const bad of ['{', '{"command":"DROP","writingCte":false,"start":0,"end":8,"paramCount":0,"sideEffects":[]}', '{"command":"SELECT","writingCte":false,"start":0,"end":99,"paramCount":0,"sideEffects":[]}']) {
      writeFileSync(file, JSON.stringify({ [key!]: bad }));
      expect(await classifyStatement(sql, cacheIn(dir))).toMatchObject({ command: 'SELECT', text: 'SELECT 1' });
    }
    const refusedDir = mkdtempSync(join(tmpdir(), 'perfctl-cache-'));
    await expect(classifyStatement('SELECT 1; DROP TABLE t', cacheIn(refusedDir))).rejects.toThrow(/2 statements/);
    expect(existsSync(join(refusedDir, 'statements-v1.json'))).toBe(false);
  });
});

describe('classifyStatements (check: every sample query)', () => {
  it('classifies or refuses each statement on its own, and writes the cache once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-cache-'));
    const cache = ParseCache.open('statements', { PERFCTL_CACHE_DIR: dir });
    const save = vi.spyOn(cache, 'save');
    const results = await classifyStatements(['SELECT 1', 'SELECT 1; DROP TABLE t', 'DELETE FROM t WHERE id = $1'], cache);
    expect(results[0]).toMatchObject({ command: 'SELECT', text: 'SELECT 1' });
    expect(results[1]).toBeInstanceOf(PerfctlError);
    expect((results[1] as PerfctlError).message).toMatch(/2 statements/);
    expect(results[2]).toMatchObject({ command: 'DELETE', writes: true, paramCount: 1 });
    expect(save).toHaveBeenCalledTimes(1);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'statements-v1.json'), 'utf8')) as object)).toHaveLength(2);
  });
});

describe('annotateConditions with the parse cache', () => {
  it('keeps only column names, and answers a plan seen before from the cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfctl-cache-'));
    const cache = () => ParseCache.open('statements', { PERFCTL_CACHE_DIR: dir });
    const fresh = normalisePlan(rawFixture('seq-scan-filter'));
    await annotateConditions(fresh, cache());
    const scan = fresh.nodes.find((n) => n.filterColumns)!;
    expect(scan.filterColumns!.equality.length).toBeGreaterThan(0);
    const file = join(dir, 'statements-v1.json');
    const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(Object.values(entries)).toContain(JSON.stringify(scan.filterColumns));
    // The cached answer is what the next run uses: change it, and the advice follows.
    const key = Object.keys(entries).find((k) => entries[k] === JSON.stringify(scan.filterColumns))!;
    writeFileSync(file, JSON.stringify({ ...entries, [key]: JSON.stringify({ equality: ['from_cache'], other: [] }) }));
    const again = normalisePlan(rawFixture('seq-scan-filter'));
    await annotateConditions(again, cache());
    expect(again.nodes.find((n) => n.filterColumns)!.filterColumns).toEqual({ equality: ['from_cache'], other: [] });
  });
});
