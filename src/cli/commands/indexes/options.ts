import { DEFAULT_PLAN_OPTIONS, type PlanOptions } from '../../../core/plan/types.js';
import { UsageError } from '../../../errors.js';
import type { Spec } from '../../../spec/types.js';
import { parseDuration } from '../../../util/text.js';

/** Flags shared by plan and apply, so both plan the same way. */
export function planOptionsFrom(options: Record<string, unknown>, spec: Spec): PlanOptions {
  return {
    prune: Boolean(options.prune) || spec.prune,
    analyze: options.analyze !== false,
    lockTimeoutMs: duration(options.lockTimeout, '--lock-timeout', DEFAULT_PLAN_OPTIONS.lockTimeoutMs, 1),
    buildTimeoutMs: duration(options.buildTimeout, '--build-timeout', DEFAULT_PLAN_OPTIONS.buildTimeoutMs, 0),
    largeTableBytes: DEFAULT_PLAN_OPTIONS.largeTableBytes,
  };
}

export function duration(value: unknown, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(String(value));
  if (ms === undefined || ms < min) throw new UsageError(`${flag} "${String(value)}" is not a duration such as 500ms, 10s or 5m${min > 0 ? ' (above 0)' : ''}`);
  return ms;
}

export function count(value: unknown, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}`);
  return n;
}
