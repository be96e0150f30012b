import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/cli/explain/render-report.js';
import { createTheme } from '../../../src/cli/theme.js';
import { buildReport } from '../../../src/core/explain/report.js';
import { caretExcerpt } from '../../../src/util/caret.js';
import { rawFixture } from '../../helpers/plans.js';

describe('plan tree', () => {
  it('fits 80 columns, shows self time, misestimates and findings', async () => {
    const report = await buildReport({ label: 'q', mode: 'analyze', raw: rawFixture('planning-dominates') });
    const lines = renderReport(report, createTheme(false), 80);
    for (const line of lines.filter((l) => !l.startsWith('  →') && !l.startsWith('  planning'))) expect(line.length, line).toBeLessThanOrEqual(80);
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

describe('caretExcerpt', () => {
  it('points at a position on a later line, and keeps long lines around the caret', () => {
    expect(caretExcerpt('SELECT 1\nFROM t WHERE x', 22)).toBe('LINE 2: FROM t WHERE x\n                     ^');
    const long = `SELECT ${'a, '.repeat(100)}oops FROM t`;
    const [line, caret] = caretExcerpt(long, long.indexOf('oops'), 40).split('\n');
    expect(caret!.indexOf('^')).toBe(line!.indexOf('oops'));
  });
});
