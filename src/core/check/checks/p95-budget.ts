import { ms } from '../../explain/format.js';
import type { Check, CheckResult } from '../types.js';

/** budgets.p95_ms over every timed run of the sample queries (--analyze --repeat N), nearest-rank percentile. */
export const p95Budget: Check = {
  id: 'p95-budget',
  title: 'p95 budget',
  help: 'The slowest queries are listed; perfctl explain --query NAME shows where their time goes.',
  run(input): CheckResult[] {
    const budget = input.spec.budgets.p95_ms;
    const base = { check: 'p95-budget', subject: { kind: 'budget' as const, name: 'p95_ms' } };
    const t = input.timings;
    const all = t ? t.samples.flatMap((s) => s.ms) : [];
    if (!t || all.length === 0) {
      const why = t ? `no query could be timed (${t.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ') || 'no sample queries'})` : 'it is measured with --analyze --repeat N';
      return [{ ...base, verdict: 'skip', message: `p95_ms ${ms(budget)} not judged: ${why}`, detail: [], evidence: { budget } }];
    }
    const p95 = percentile(all, 0.95);
    const perQuery = t.samples.map((s) => ({ name: s.name, p50: percentile(s.ms, 0.5), p95: percentile(s.ms, 0.95), runs: s.ms.length })).sort((a, b) => b.p95 - a.p95 || a.name.localeCompare(b.name));
    const detail = [
      ...perQuery.slice(0, 5).map((q) => `${q.name}: p50 ${ms(q.p50)}, p95 ${ms(q.p95)} over ${q.runs} runs`),
      ...t.skipped.map((s) => `${s.name}: not timed (${s.reason})`),
    ];
    const evidence = { p95_ms: round(p95), budget, runs: all.length, repeat: t.repeat, slowest: perQuery[0]!.name };
    const figure = `p95 ${ms(p95)} over ${all.length} runs of ${t.samples.length} queries through the pool, budget ≤ ${ms(budget)}`;
    if (p95 <= budget) return [{ ...base, verdict: 'pass', message: figure, detail, evidence }];
    return [{ ...base, verdict: 'fail', message: `${figure}; slowest: ${perQuery[0]!.name}`, node: perQuery[0]!.name, detail, help: p95Budget.help, evidence }];
  },
};

/** Nearest-rank percentile: an observed value, no interpolation. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
