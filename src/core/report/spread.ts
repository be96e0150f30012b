/**
 * The spread of call times over a window between two reads of
 * pg_stat_statements. min, max and stddev are not counters and cannot be
 * subtracted; what the two reads do support:
 *
 * - stddev: the extension keeps calls, mean and the population stddev, so
 *   each read gives the sum of squares n·(stddev² + mean²). Their difference
 *   is the window's, and with its calls and total its variance follows. When
 *   the window is small beside the history, rounding in that difference can
 *   hide the variance: then the largest it can be is taken, which can only
 *   make the estimated tail longer, never shorter.
 * - max: if it rose since the first read, a call of the window set it, so it
 *   is the window's max; otherwise the window's max is unknown. Likewise min.
 *   A window of one call is that call: its mean is its min and max.
 */
export interface SpreadRead {
  calls: number;
  meanMs: number;
  stddevMs: number;
  minMs: number;
  maxMs: number;
}

export interface WindowSpread {
  stddevMs: number | null;
  minMs: number | null;
  maxMs: number | null;
}

/** Relative rounding of the extension's running sums, generous: it accumulates over many calls. */
const RELATIVE_ERROR = 1e-9;

export function windowSpread(now: SpreadRead, then: Partial<SpreadRead>): WindowSpread {
  const calls = now.calls - (then.calls ?? 0);
  const known = then.calls !== undefined && then.meanMs !== undefined && then.stddevMs !== undefined && then.minMs !== undefined && then.maxMs !== undefined;
  if (!known || calls <= 0) return { stddevMs: null, minMs: null, maxMs: null };
  const mean = (now.calls * now.meanMs - then.calls! * then.meanMs!) / calls;
  if (calls === 1) return { stddevMs: 0, minMs: mean, maxMs: mean };
  const squares = (r: { calls: number; meanMs: number; stddevMs: number }) => r.calls * (r.stddevMs ** 2 + r.meanMs ** 2);
  const sumNow = squares(now);
  const sumThen = squares(then as SpreadRead);
  const variance = (sumNow - sumThen) / calls - mean ** 2;
  // What rounding of the two sums (and of the mean's square) can amount to, per call of the window.
  const slack = (RELATIVE_ERROR * (sumNow + sumThen)) / calls + RELATIVE_ERROR * mean ** 2;
  return {
    stddevMs: variance >= 10 * slack ? Math.sqrt(variance) : Math.sqrt(Math.max(0, variance) + slack),
    maxMs: now.maxMs > then.maxMs! ? now.maxMs : null,
    minMs: now.minMs < then.minMs! ? now.minMs : null,
  };
}
