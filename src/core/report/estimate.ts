/**
 * pg_stat_statements keeps per statement only calls, mean, stddev, min and
 * max: no histogram. The latency distribution of all calls is estimated as a
 * mixture: each statement contributes its calls as a normal distribution
 * (mean, stddev) truncated to [min, max]. Percentiles and "share above x"
 * come from that mixture. It is exact for statements of constant duration
 * and a fair approximation otherwise; docs/report.md says so. Over a window
 * min and max may be unknown (null): the curve is then cut at 0 and not above.
 */
export interface CallStats {
  calls: number;
  meanMs: number;
  stddevMs: number;
  minMs: number | null;
  maxMs: number | null;
}

/** Share of all calls slower than `x` ms. */
export function shareAbove(statements: CallStats[], x: number): number {
  let calls = 0;
  let above = 0;
  for (const s of statements) {
    if (s.calls <= 0) continue;
    calls += s.calls;
    above += s.calls * probabilityAbove(s, x);
  }
  return calls > 0 ? above / calls : 0;
}

/** The estimated p-quantile (0..1) of call duration, in ms; null without calls. */
export function estimatePercentile(statements: CallStats[], p: number): number | null {
  const live = statements.filter((s) => s.calls > 0);
  if (live.length === 0) return null;
  let lo = 0;
  let hi = Math.max(...live.map((s) => Math.max(s.maxMs ?? s.meanMs + 10 * s.stddevMs, s.meanMs)));
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (shareAbove(live, mid) > 1 - p) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function probabilityAbove(s: CallStats, x: number): number {
  const min = s.minMs === null ? 0 : Math.min(s.minMs, s.meanMs);
  const max = s.maxMs === null ? Infinity : Math.max(s.maxMs, s.meanMs);
  if (x >= max) return 0;
  if (x < min) return 1;
  if (!(s.stddevMs > 0)) return s.meanMs > x ? 1 : 0;
  const a = normalCdf((min - s.meanMs) / s.stddevMs);
  const b = normalCdf((max - s.meanMs) / s.stddevMs);
  const z = normalCdf((x - s.meanMs) / s.stddevMs);
  // Truncation to [min, max] keeps the model inside what was observed.
  if (b - a < 1e-12) return s.meanMs > x ? 1 : 0;
  return Math.min(1, Math.max(0, (b - z) / (b - a)));
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
