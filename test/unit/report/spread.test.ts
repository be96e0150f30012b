import { describe, expect, it } from 'vitest';
import { estimatePercentile, shareAbove } from '../../../src/core/report/estimate.js';
import { windowSpread } from '../../../src/core/report/spread.js';

/** A read of pg_stat_statements after `calls` calls with this sum and sum of squares (population stddev, as the extension keeps). */
function read(calls: number, sum: number, squares: number, minMs: number, maxMs: number) {
  const meanMs = sum / calls;
  return { calls, meanMs, stddevMs: Math.sqrt(squares / calls - meanMs ** 2), minMs, maxMs };
}

describe('the spread of call times over a window', () => {
  // The case from the field: 1,000 calls of history up to 918 ms, then a window of 300 calls totalling 193 ms.
  const history = { n: 1000, sum: 300_000, squares: 1000 * (250 ** 2 + 300 ** 2) };
  const window = { n: 300, sum: 193, squares: 300 * (0.1 ** 2 + (193 / 300) ** 2) };
  const then = read(history.n, history.sum, history.squares, 0.2, 918);
  const now = read(history.n + window.n, history.sum + window.sum, history.squares + window.squares, 0.2, 918);

  it("derives the window's stddev from the two sums of squares, and no max or min the window did not set", () => {
    const spread = windowSpread(now, then);
    expect(spread.stddevMs).toBeCloseTo(0.1, 2);
    expect(spread.maxMs).toBeNull();
    expect(spread.minMs).toBeNull();
    const stats = { calls: 300, meanMs: 193 / 300, ...spread, stddevMs: spread.stddevMs! };
    expect(estimatePercentile([stats], 0.95)).toBeLessThan(1);
    expect(shareAbove([stats], 200)).toBe(0);
  });

  it('knows the max when a call of the window raised it, and a single call exactly', () => {
    const raised = read(history.n + 1, history.sum + 1000, history.squares + 1000 ** 2, 0.2, 1000);
    expect(windowSpread(raised, then)).toEqual({ stddevMs: 0, minMs: 1000, maxMs: 1000 });
  });

  it('knows nothing of the spread from a snapshot that did not save it', () => {
    expect(windowSpread(now, { calls: 1000 })).toEqual({ stddevMs: null, minMs: null, maxMs: null });
  });
});
