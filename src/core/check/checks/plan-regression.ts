import { compact } from '../../explain/format.js';
import { baselineQuery, type BaselineQuery } from '../baseline.js';
import type { Check, CheckInput, CheckResult } from '../types.js';

/** Each query's plan against the saved baseline: another index choice or a cost rise beyond --max-cost-increase fails. */
export const planRegression: Check = {
  id: 'plan-regression',
  title: 'plan regressions',
  help: 'If the new plan is intended, record it with perfctl check --baseline FILE --update-baseline and commit the file.',
  run(input: CheckInput) {
    const baseline = input.baseline;
    if (!baseline) return [];
    return input.spec.queries.map((query, i): CheckResult => {
      const outcome = input.queries[i]!;
      const base = { check: 'plan-regression', subject: { kind: 'query' as const, name: query.name }, pos: query.pos };
      const before = baseline.queries.find((q) => q.name === query.name);
      if (!outcome.plan) return { ...base, verdict: 'skip', message: `${query.name}: not compared: the query could not be planned`, detail: [], evidence: {} };
      if (!before) {
        return { ...base, verdict: 'warn', message: `${query.name}: not in the baseline ${input.options.baselineFile ?? ''}`.trimEnd(), detail: [], help: 'Record it with --update-baseline.', evidence: {} };
      }
      return compare(input, base, before, baselineQuery(query.name, query.sql, { ...outcome, plan: outcome.plan }));
    });
  },
};

function compare(input: CheckInput, base: Pick<CheckResult, 'check' | 'subject' | 'pos'>, before: BaselineQuery, now: BaselineQuery): CheckResult {
  const limit = input.options.maxCostIncrease;
  const increase = before.cost > 0 ? (now.cost - before.cost) / before.cost : now.cost > 0 ? Infinity : 0;
  const evidence = { cost_before: before.cost, cost_now: now.cost, cost_increase: Number.isFinite(increase) ? Math.round(increase * 10000) / 10000 : null, indexes_before: before.indexes, indexes_now: now.indexes };
  const notes = before.sql.trim() === now.sql.trim() ? [] : ['note: the SQL changed since the baseline was recorded'];
  const shapeDiff = diff(before.shape, now.shape);
  const problems: string[] = [];
  if (before.indexes.join('\0') !== now.indexes.join('\0')) problems.push(`index choice changed: ${list(before.indexes)} → ${list(now.indexes)}`);
  if (increase > limit) problems.push(`estimated cost ${compact(before.cost)} → ${compact(now.cost)} (${signed(increase)}, limit +${Math.round(limit * 100)}%)`);
  const node = firstChanged(before.shape, now.shape);
  if (problems.length) return { ...base, verdict: 'fail', message: `${base.subject.name}: ${problems.join('; ')}`, ...(node ? { node } : {}), detail: [...shapeDiff, ...notes], help: planRegression.help, evidence };
  if (shapeDiff.length) {
    return { ...base, verdict: 'warn', message: `${base.subject.name}: plan shape changed (same indexes, cost ${compact(before.cost)} → ${compact(now.cost)})`, ...(node ? { node } : {}), detail: [...shapeDiff, ...notes], help: planRegression.help, evidence };
  }
  return { ...base, verdict: 'pass', message: `${base.subject.name}: same plan, cost ${compact(before.cost)} → ${compact(now.cost)}`, detail: notes, evidence };
}

/** A line diff of the two shapes, trimmed to the lines that differ ("-" baseline, "+" now). */
function diff(before: string[], now: string[]): string[] {
  if (before.join('\n') === now.join('\n')) return [];
  return [...before.filter((l) => !now.includes(l)).map((l) => `- ${l}`), ...now.filter((l) => !before.includes(l)).map((l) => `+ ${l}`)];
}

function firstChanged(before: string[], now: string[]): string | undefined {
  const i = now.findIndex((line, j) => before[j] !== line);
  return i >= 0 ? now[i]!.trim() : undefined;
}

function list(indexes: string[]): string {
  return indexes.length ? indexes.join(', ') : 'no index';
}

function signed(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio >= 0 ? '+' : ''}${Math.round(ratio * 100)}%` : 'from zero';
}
