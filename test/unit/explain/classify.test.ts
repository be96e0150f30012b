import { describe, expect, it } from 'vitest';
import { classifyStatement, classifyStatements } from '../../../src/core/explain/classify.js';
import { PerfctlError } from '../../../src/errors.js';
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

describe('classifyStatements (check: every sample query)', () => {
  it('classifies or refuses each statement on its own', async () => {
    const results = await classifyStatements(['SELECT 1', 'SELECT 1; DROP TABLE t', 'DELETE FROM t WHERE id = $1']);
    expect(results[0]).toMatchObject({ command: 'SELECT', text: 'SELECT 1' });
    expect(results[1]).toBeInstanceOf(PerfctlError);
    expect((results[1] as PerfctlError).message).toMatch(/2 statements/);
    expect(results[2]).toMatchObject({ command: 'DELETE', writes: true, paramCount: 1 });
  });
});

describe('annotateConditions', () => {
  it('finds the filtered columns of a plan', async () => {
    const plan = normalisePlan(rawFixture('seq-scan-filter'));
    await annotateConditions(plan);
    expect(plan.nodes.find((n) => n.filterColumns)!.filterColumns!.equality.length).toBeGreaterThan(0);
  });
});
