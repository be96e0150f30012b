import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/cli/explain/render-report.js';
import { createTheme } from '../../../src/cli/theme.js';
import { parsePlanFile } from '../../../src/core/explain/plan-file.js';
import { buildReport } from '../../../src/core/explain/report.js';
import { caretExcerpt } from '../../../src/util/caret.js';
import { displayWidth } from '../../../src/util/width.js';
import { rawFixture } from '../../helpers/plans.js';

describe('plan tree', () => {
  it('fits 80 columns, shows self time, misestimates and findings', async () => {
    const report = await buildReport({ label: 'q', mode: 'analyze', raw: rawFixture('planning-dominates') });
    const lines = renderReport(report, createTheme(false), 80);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(lines.join('\n')).toContain('planning-dominates');
    // Twelve levels deep: the guides are cut and the depth is shown.
    expect(lines.some((l) => /^\[\d+\]/.test(l))).toBe(true);
  });

  it('marks the node where the time goes and the finding on it', async () => {
    const report = await buildReport({ label: 'q', mode: 'analyze', raw: rawFixture('seq-scan-filter') });
    const text = renderReport(report, createTheme(false), 80).join('\n');
    expect(text).toMatch(/Seq Scan on users\s+\d+ ms\s+99%/);
    expect(text).toContain('removed 200k by filter');
    expect(text).toContain('! seq-scan-filter');
  });

  it('colours through the theme only', async () => {
    const report = await buildReport({ label: 'q', mode: 'analyze', raw: rawFixture('seq-scan-filter') });
    expect(renderReport(report, createTheme(false), 80).join('\n')).not.toMatch(/\x1b\[/);
    expect(renderReport(report, createTheme(true), 80).join('\n')).toMatch(/\x1b\[/);
  });
});

describe('80 columns and what a reader notices (real plans of the corpus)', () => {
  const corpus = (name: string) => readFileSync(new URL(`../../fixtures/explain/corpus/${name}`, import.meta.url), 'utf8');
  const render = async (text: string, label = 'q', width = 80) => {
    const file = parsePlanFile(text, label);
    return renderReport(await buildReport({ label, mode: 'file', raw: file.raw, notes: file.notes }), createTheme(false), width);
  };

  it.each(['pg18/join-unindexed-fk.txt', 'pg18/partition-discards.json', 'pg15/seq-scan-regex.txt', 'pg18/worker-sort-spill.txt', 'pg18/trigger-insert.txt'])(
    'wraps the header, the tree, findings and help of %s within 80 columns, by display width',
    async (name) => {
      const lines = await render(corpus(name), `pasted plan 表示幅のテスト ${'x'.repeat(40)} ${name}`);
      for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      expect(lines.join('\n')).toContain('表示幅');
    },
  );

  it('says rules need EXPLAIN ANALYZE only for a plan that was not run', async () => {
    expect((await render(corpus('pg18/pk-lookup.txt'))).join('\n')).not.toContain('need EXPLAIN ANALYZE');
    const estimate = 'Index Scan using customers_pkey on customers  (cost=0.29..8.30 rows=1 width=32)\n  Index Cond: (id = 42)';
    expect((await render(estimate)).join('\n')).toContain('need EXPLAIN ANALYZE');
  });

  it('shows no cost or estimate for a COSTS OFF plan', async () => {
    const text = (await render('Seq Scan on t\n  Filter: (a > 1)')).join('\n');
    expect(text).not.toMatch(/cost 0|est 0/);
  });

  it('labels an InitPlan once', async () => {
    const text = (await render(corpus('pg18/initplan.txt'))).join('\n');
    expect(text).toContain('InitPlan 2: Result');
    expect(text).not.toContain('InitPlan InitPlan');
  });

  it('never highlights a Gather as the hot node', async () => {
    const report = await buildReport({ label: 'q', mode: 'file', raw: parsePlanFile(corpus('pg18/worker-sort-spill.txt'), 'q').raw });
    const coloured = renderReport(report, createTheme(true), 80).find((l) => l.includes('Gather Merge'))!;
    const plain = renderReport(report, createTheme(false), 80).find((l) => l.includes('Gather Merge'))!;
    expect(report.plan.root.time!.selfShare).toBeGreaterThan(0.4);
    expect(coloured).toContain(createTheme(true).bold('Gather Merge'));
    expect(plain).toMatch(/Gather Merge\s+\d/);
  });
});

describe('caretExcerpt', () => {
  it('points at a position on a later line, and keeps long lines around the caret', () => {
    expect(caretExcerpt('SELECT 1\nFROM t WHERE x', 22)).toBe('LINE 2: FROM t WHERE x\n                     ^');
    const long = `SELECT ${'a, '.repeat(100)}oops FROM t`;
    const [line, caret] = caretExcerpt(long, long.indexOf('oops'), 40).split('\n');
    expect(caret!.indexOf('^')).toBe(line!.indexOf('oops'));
  });
});
