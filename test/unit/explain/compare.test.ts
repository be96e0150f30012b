import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findings } from '../../../src/core/explain/analyse.js';
import { comparePlans } from '../../../src/core/explain/compare.js';
import { parsePlanFile } from '../../../src/core/explain/plan-file.js';
import { fixturePlan, rawFixture } from '../../helpers/plans.js';

describe('comparePlans', () => {
  it('reports the access path, rows read, time and findings that changed', async () => {
    const seq = await fixturePlan('seq-scan-filter');
    const healthy = await fixturePlan('healthy');
    const changes = comparePlans({ plan: seq, findings: findings({ plan: seq, tables: [] }) }, { plan: healthy, findings: [] });
    expect(changes.find((c) => c.kind === 'time')?.effect).toBe('improvement');
    expect(changes.find((c) => c.kind === 'access' && c.message.startsWith('users:'))).toMatchObject({ effect: 'improvement', before: 'Seq Scan on users', after: 'Index Scan using users_pkey on users u' });
    expect(changes.find((c) => c.kind === 'finding')).toMatchObject({ effect: 'improvement', before: 'seq-scan-filter' });
    expect(changes.find((c) => c.kind === 'join')).toMatchObject({ before: 'no joins', after: 'Nested Loop' });
  });

  it('finds nothing to report between a plan and itself, beyond "about the same time"', async () => {
    const plan = await fixturePlan('heap-fetches');
    const changes = comparePlans({ plan, findings: [] }, { plan, findings: [] });
    expect(changes).toEqual([expect.objectContaining({ kind: 'time', effect: 'change' })]);
  });
});

describe('parsePlanFile', () => {
  it('reads psql aligned output with its header and + continuations', () => {
    const json = JSON.stringify([rawFixture('healthy')], null, 2).split('\n');
    const psql = [' QUERY PLAN ', '------------', ...json.map((l) => ` ${l} +`), '(1 row)'].join('\n');
    expect(parsePlanFile(psql, 'psql.txt').raw.Plan['Node Type']).toBe('Nested Loop');
  });

  it('names what is wrong with a file that is not a plan', () => {
    expect(() => parsePlanFile('{"hello": 1}', 'x.json')).toThrow(/x.json is not an EXPLAIN output: JSON without a "Plan"/);
    expect(() => parsePlanFile('hello\nworld', 'notes.txt')).toThrow(/notes.txt holds no EXPLAIN output/);
    expect(() => parsePlanFile('  \n', 'empty.txt')).toThrow(/empty.txt is empty/);
  });
});

describe('parsePlanFile: a text plan wherever it was copied from', () => {
  // A real PostgreSQL 18 plan of the corpus (test/helpers/explain-corpus.ts).
  const text = readFileSync(new URL('../../fixtures/explain/corpus/pg18/initplan.txt', import.meta.url), 'utf8').trimEnd();
  const expected = parsePlanFile(text, 'plan.txt').raw;

  it.each([
    ['psql aligned output', [' QUERY PLAN ', '-----------', ...text.split('\n').map((l) => ` ${l}`), '(17 rows)'].join('\n')],
    ['a psql frame (\\pset border 2, Unicode)', ['┌──────────┐', '│ QUERY PLAN │', '├──────────┤', ...text.split('\n').map((l) => `│ ${l.padEnd(150)} │`), '└──────────┘'].join('\n')],
    ['a UTF-8 BOM and CRLF line ends', `\uFEFF${text.replace(/\n/g, '\r\n')}`],
    ['an auto_explain log entry', `2026-11-29 16:00:00.000 UTC [4121] LOG:  duration: 0.499 ms  plan:\n\tQuery Text: SELECT * FROM orders\n${text.split('\n').map((l) => `\t${l}`).join('\n')}\n2026-11-29 16:00:01.000 UTC [4121] LOG:  next`],
    ['"+" continuation markers', text.split('\n').map((l) => ` ${l.padEnd(150)} +`).join('\n')],
    ['lines cut by a narrow terminal', text.split('\n').flatMap((l) => (l.length > 80 ? [l.slice(0, 80), l.slice(80)] : [l])).join('\n')],
  ])('reads it from %s', (_name, input) => {
    expect(parsePlanFile(input, 'pasted').raw).toEqual(expected);
  });

  it('says what it detected and what a text plan cannot tell', () => {
    expect(parsePlanFile(text, 'plan.txt').notes).toEqual(['text plan, PostgreSQL ≥ 18 shape: which child is outer or inner is read from the order of the lines']);
    const pg15 = readFileSync(new URL('../../fixtures/explain/corpus/pg15/initplan.txt', import.meta.url), 'utf8');
    expect(parsePlanFile(pg15, 'plan.txt').notes[0]).toMatch(/^text plan, PostgreSQL 13–16 shape/);
    expect(parsePlanFile('Seq Scan on t\n  Filter: (a > 1)', 'costs-off.txt').notes).toContain('estimates only (no ANALYZE): no timing, no actual rows');
  });

  it('keeps the query text of an auto_explain entry', () => {
    const logged = `LOG:  duration: 1 ms  plan:\n\tQuery Text: SELECT 1\n\tResult  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)`;
    expect(parsePlanFile(logged, 'log').sql).toBe('SELECT 1');
  });
});

describe('parsePlanFile: JSON, YAML and XML as psql prints them', () => {
  const read = (name: string) => readFileSync(new URL(`../../fixtures/explain/corpus/pg18/${name}`, import.meta.url), 'utf8').trimEnd();
  /** One value spanning lines, as psql shows it: aligned with "+" markers, or framed in Unicode with "↵". */
  const aligned = (text: string) => [' QUERY PLAN ', '-'.repeat(20), ...text.split('\n').map((l, i, all) => ` ${l.padEnd(60)}${i < all.length - 1 ? '+' : ''}`), '(1 row)'].join('\n');
  const framed = (text: string) =>
    ['┌────────┐', '│ QUERY PLAN │', '├────────┤', ...text.split('\n').map((l, i, all) => `│ ${l.padEnd(60)}${i < all.length - 1 ? '↵' : ' '}│`), '└────────┘', '(1 row)'].join('\n');

  it.each(['json', 'yaml', 'xml'])('reads %s plain, aligned with "+", framed with "↵", and after a BOM', (ext) => {
    const text = read(`hash-spill.${ext}`);
    const expected = parsePlanFile(text, `plan.${ext}`);
    expect(expected.format).toBe(ext);
    expect(expected.raw.Plan['Node Type']).toBe('Hash Join');
    for (const input of [aligned(text), framed(text), `\uFEFF${text}`]) expect(parsePlanFile(input, `plan.${ext}`).raw).toEqual(expected.raw);
  });
});
