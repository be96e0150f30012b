import { describe, expect, it } from 'vitest';
import { renderTable, type Column } from '../../src/ui/table.js';
import { cutToWidth, displayWidth, wrapToWidth } from '../../src/util/width.js';

const widest = (text: string) => Math.max(...text.split('\n').map(displayWidth));

describe('display width', () => {
  it('counts terminal cells, not UTF-16 units', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('🚀 go')).toBe(5);
    expect(displayWidth('é')).toBe(1);
    expect(displayWidth('\x1b[31mred\x1b[39m')).toBe(3);
    expect(cutToWidth('日本語テキスト', 7)).toBe('日本語…');
    expect(wrapToWidth('SELECT a, b FROM t WHERE x', 10)).toEqual(['SELECT a,', 'b FROM t', 'WHERE x']);
    expect(wrapToWidth('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
  });
});

describe('tables that fit the terminal', () => {
  const columns: Column[] = [
    { head: 'index' },
    { head: 'definition', flex: 'wrap' },
    { head: 'size', align: 'right', drop: 2 },
    { head: 'tuples read', align: 'right', drop: 1 },
    { head: 'last used', drop: 3 },
  ];
  const rows = [
    ['idx_ユーザー_メール', 'btree (lower(email) text_pattern_ops DESC NULLS LAST, (region + 1)) INCLUDE (note) WHERE region > 3', '16 kB', '1,234,567', '2026-01-02 03:04 UTC'],
    ['idx_🚀_launches', 'btree (launched_at)', '8 kB', '0', 'never'],
  ];

  it.each([80, 120, 50])('stays within %i columns, by display width', (width) => {
    const text = renderTable(columns, rows, { width });
    expect(widest(text)).toBeLessThanOrEqual(width);
    expect(text).toContain('idx_🚀_launches');
  });

  it('drops the columns least worth their room first, and wraps the long text', () => {
    const text = renderTable(columns, rows, { width: 80 });
    expect(text).not.toContain('tuples read');
    expect(renderTable(columns, rows, { width: 100 })).toContain('last used');
    expect(text).toContain('INCLUDE (note)');
    expect(text.split('\n').length).toBeGreaterThan(6);
  });

  it('prints everything on one line each with an unlimited width (--wide)', () => {
    const text = renderTable(columns, rows, { width: Infinity });
    expect(text.split('\n')).toHaveLength(6);
    expect(text).toContain('tuples read');
  });

  it('falls back to records, as psql expanded mode, when no grid fits (or when asked)', () => {
    const narrow = renderTable(columns, rows, { width: 30 });
    expect(widest(narrow)).toBeLessThanOrEqual(30);
    expect(narrow).toMatch(/─\[ 1 \]─+\nindex +│ idx_ユーザー_/);
    expect(renderTable(columns, rows, { width: 200, expanded: true })).toMatch(/─\[ 2 \]/);
  });
});
