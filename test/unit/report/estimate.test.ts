import { describe, expect, it } from 'vitest';
import { estimatePercentile, normalCdf, probabilityAbove, shareAbove } from '../../../src/core/report/estimate.js';

const constant = (calls: number, ms: number) => ({ calls, meanMs: ms, stddevMs: 0, minMs: ms, maxMs: ms });

describe('latency estimates from pg_stat_statements', () => {
  it('is exact for statements of constant duration', () => {
    const statements = [constant(94, 1), constant(6, 50)];
    expect(estimatePercentile(statements, 0.95)).toBeCloseTo(50, 3);
    expect(estimatePercentile([constant(96, 1), constant(4, 50)], 0.95)).toBeCloseTo(1, 3);
    expect(shareAbove(statements, 10)).toBeCloseTo(0.06, 6);
  });

  it('spreads a varying statement as a normal curve cut to its min and max', () => {
    const s = { calls: 100, meanMs: 10, stddevMs: 2, minMs: 5, maxMs: 15 };
    expect(probabilityAbove(s, 10)).toBeCloseTo(0.5, 3);
    expect(probabilityAbove(s, 15)).toBe(0);
    expect(probabilityAbove(s, 4)).toBe(1);
    const p95 = estimatePercentile([s], 0.95)!;
    expect(p95).toBeGreaterThan(13);
    expect(p95).toBeLessThan(14);
  });

  it('has no percentile without calls', () => {
    expect(estimatePercentile([], 0.95)).toBeNull();
    expect(estimatePercentile([constant(0, 5)], 0.95)).toBeNull();
  });

  it('uses an accurate normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.6448536)).toBeCloseTo(0.95, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
  });
});
