import { CHECKS } from './checks/index.js';
import type { Check, CheckInput, CheckResult, Verdict } from './types.js';

export interface CheckReport {
  results: CheckResult[];
  counts: Record<Verdict, number>;
  passed: boolean;
}

/** Run every check over data read once. Pure; the order is the registry's, then the spec's. */
export function runChecks(input: CheckInput, checks: readonly Check[] = CHECKS): CheckReport {
  const results = checks.flatMap((check) => check.run(input)).map((r) => (input.options.strict && r.verdict === 'warn' ? { ...r, verdict: 'fail' as const } : r));
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const r of results) counts[r.verdict]++;
  return { results, counts, passed: counts.fail === 0 };
}
