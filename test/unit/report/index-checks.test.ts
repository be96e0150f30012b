import { describe, expect, it } from 'vitest';
import { duplicateIndex } from '../../../src/core/report/checks/duplicate-index.js';
import { fkWithoutIndex } from '../../../src/core/report/checks/fk-without-index.js';
import { invalidIndex } from '../../../src/core/report/checks/invalid-index.js';
import { coveredBy, redundantIndex } from '../../../src/core/report/checks/redundant-index.js';
import { unusedIndex } from '../../../src/core/report/checks/unused-index.js';
import type { ForeignKeyRow } from '../../../src/db/catalog/report/types.js';
import { data, index, input, ok, table } from './fixtures.js';

const run = (check: typeof unusedIndex, indexes: ReturnType<typeof index>[], extra = {}) => check.run(input(data({ indexes: ok(indexes), tables: ok([table()]), ...extra })));

describe('unused-index', () => {
  it('flags never-scanned plain indexes, a warning once the statistics are old enough', () => {
    const findings = run(unusedIndex, [index({ name: 'idle', scans: 0, bytes: 1 << 20 }), index({ scans: 3 })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ object: 'public.t.idle', severity: 'warning', evidence: { too_young_to_judge: false, table_scans: 101 } });
  });

  it('says "too young to judge" as a notice when the statistics are under a week old', () => {
    const findings = unusedIndex.run(input(data({ indexes: ok([index({ scans: 0 })]) }), { statsAgeSeconds: 600 }));
    expect(findings[0]).toMatchObject({ severity: 'notice', evidence: { too_young_to_judge: true, stats_age_seconds: 600 } });
    expect(findings[0]!.message).toMatch(/10 min of statistics.*too young to judge/);
  });

  it('never flags unique, constraint or invalid indexes', () => {
    expect(run(unusedIndex, [index({ scans: 0, unique: true }), index({ scans: 0, backsConstraint: true }), index({ scans: 0, valid: false })])).toEqual([]);
  });
});

describe('duplicate-index', () => {
  it('flags the copy and keeps the index that backs a constraint', () => {
    const findings = run(duplicateIndex, [index({ name: 'copy', scans: 100 }), index({ name: 'pk_like', unique: true, backsConstraint: true, scans: 0 })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ object: 'public.t.copy', evidence: { duplicate_of: 'pk_like' } });
  });

  it('does not confuse different opclasses, predicates, sort orders or tables', () => {
    const a = index();
    expect(run(duplicateIndex, [a, index({ opclasses: [4] })])).toEqual([]);
    expect(run(duplicateIndex, [a, index({ predicate: '(a > 0)' })])).toEqual([]);
    expect(run(duplicateIndex, [a, index({ options: [3] })])).toEqual([]);
    expect(run(duplicateIndex, [a, index({ tableOid: 2 })])).toEqual([]);
  });
});

describe('redundant-index', () => {
  const wide = index({ name: 'wide', keyCount: 2, attnums: [2, 3], columns: ['a', 'b'], opclasses: [3, 3], collations: [0, 0], options: [0, 0] });
  it('flags a btree whose keys lead a longer one', () => {
    const findings = run(redundantIndex, [index({ name: 'narrow' }), wide]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ object: 'public.t.narrow', evidence: { covered_by: 'wide' } });
  });

  it('needs compatible predicates, opclasses, order and INCLUDE columns, and never drops a unique index', () => {
    expect(coveredBy(index({ predicate: '(a > 0)' }), wide)).toBe(true);
    expect(coveredBy(index(), { ...wide, predicate: '(a > 0)' })).toBe(false);
    expect(coveredBy(index({ opclasses: [9] }), wide)).toBe(false);
    expect(coveredBy(index({ options: [3] }), wide)).toBe(false);
    expect(coveredBy(index({ unique: true }), wide)).toBe(false);
    expect(coveredBy(index({ attnums: [3], columns: ['b'] }), wide)).toBe(false);
    expect(coveredBy(index({ attnums: [2, 4], columns: ['a', 'c'] }), wide)).toBe(false);
    expect(coveredBy(index({ attnums: [2, 3], columns: ['a', 'b'] }), wide)).toBe(true);
    expect(coveredBy(index({ method: 'hash' }), wide)).toBe(false);
  });
});

describe('invalid-index', () => {
  it('flags invalid indexes unless a build is in progress', () => {
    const findings = run(invalidIndex, [index({ name: 'broken', valid: false }), index({ name: 'building', valid: false, building: true }), index()]);
    expect(findings.map((f) => f.object)).toEqual(['public.t.broken']);
  });
});

describe('fk-without-index', () => {
  const fk: ForeignKeyRow = { name: 'orders_user_fk', tableOid: 1, schema: 'public', table: 't', attnums: [2, 3], columns: ['a', 'b'], references: 'users' };
  const two = (o = {}) => index({ keyCount: 2, attnums: [3, 2], columns: ['b', 'a'], opclasses: [3, 3], collations: [0, 0], options: [0, 0], ...o });
  it('accepts an index leading with the key columns in any order', () => {
    expect(run(fkWithoutIndex, [two()], { foreignKeys: ok([fk]) })).toEqual([]);
  });

  it('flags a key with no such index (partial, trailing or invalid ones do not count)', () => {
    const indexes = [two({ predicate: '(a > 0)' }), index({ keyCount: 3, attnums: [4, 2, 3], columns: ['c', 'a', 'b'] }), two({ valid: false })];
    const findings = run(fkWithoutIndex, indexes, { foreignKeys: ok([fk]), tables: ok([table({ liveTuples: 50_000 })]) });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ object: 'public.t(a, b)', severity: 'warning', evidence: { references: 'users', table_rows: 50_000 } });
  });

  it('is a notice on a small table', () => {
    expect(run(fkWithoutIndex, [], { foreignKeys: ok([fk]) })[0]!.severity).toBe('notice');
  });
});

describe('unused-index with young statistics', () => {
  it('lists the largest one by one and folds the rest into one notice', async () => {
    const many = Array.from({ length: 25 }, (_, n) => index({ name: `i${n}`, scans: 0, bytes: (n + 1) * 1024 }));
    const findings = unusedIndex.run(input(data({ indexes: ok(many) }), { statsAgeSeconds: 600 }));
    expect(findings).toHaveLength(21);
    expect(findings[0]).toMatchObject({ object: 'public.t.i24', severity: 'notice' });
    expect(findings[20]).toMatchObject({ object: '5 more indexes', severity: 'notice', evidence: { indexes: 5, bytes: 15 * 1024, too_young_to_judge: true } });
  });
  it('lists every one once the statistics are old enough', async () => {
    const many = Array.from({ length: 25 }, (_, n) => index({ name: `i${n}`, scans: 0 }));
    expect(run(unusedIndex, many)).toHaveLength(25);
  });
});
