import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { parseDuration } from '../../util/text.js';

/** `perfctl check` flags, validated before anything is read or connected. */
export interface CheckFlags {
  analyze: boolean;
  repeat: number;
  strict: boolean;
  prune: boolean;
  baseline?: string;
  updateBaseline: boolean;
  maxCostIncrease: number;
  junit?: string;
  /** Also write the verdicts and the failing queries' plan views as an HTML page. */
  html?: string;
  schema?: string;
  seed?: string;
  timeoutMs: number;
}

export function readCheckFlags(options: Record<string, unknown>, cwd: string): CheckFlags {
  const path = (v: unknown) => (typeof v === 'string' ? resolve(cwd, v) : undefined);
  const repeat = options.repeat === undefined ? 0 : Number(options.repeat);
  if (options.repeat !== undefined && (!Number.isInteger(repeat) || repeat < 1 || repeat > 10_000)) throw new UsageError('--repeat must be a whole number from 1 to 10000');
  const increase = parseIncrease(options.maxCostIncrease);
  const timeoutMs = parseDuration(String(options.timeout ?? '30s'));
  if (timeoutMs === undefined || timeoutMs < 1) throw new UsageError(`--timeout "${String(options.timeout)}" is not a duration (e.g. 500ms, 30s, 2m)`);
  const flags: CheckFlags = {
    analyze: options.analyze === true,
    repeat,
    strict: options.strict === true,
    prune: options.prune === true,
    baseline: path(options.baseline),
    updateBaseline: options.updateBaseline === true,
    maxCostIncrease: increase,
    junit: path(options.junit),
    html: path(options.html),
    schema: path(options.schema),
    seed: path(options.seed),
    timeoutMs,
  };
  if (flags.repeat > 0 && !flags.analyze) throw new UsageError('--repeat measures p95_ms by running the queries: add --analyze');
  if (flags.updateBaseline && !flags.baseline) throw new UsageError('--update-baseline needs --baseline FILE (the file to write)');
  if (flags.seed && !flags.schema) throw new UsageError('--seed loads data after --schema: give --schema FILE too');
  return flags;
}

/** "20%" or "20" (a percentage either way) → 0.2. */
function parseIncrease(value: unknown): number {
  if (value === undefined) return 0.2;
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
  if (!match) throw new UsageError(`--max-cost-increase "${text}" is not a percentage such as 20%`);
  return Number(match[1]) / 100;
}
