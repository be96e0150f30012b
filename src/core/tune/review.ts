import { bySeverity } from '../finding.js';
import { autovacuum } from './rules/autovacuum.js';
import { checkpoints } from './rules/checkpoints.js';
import { connections } from './rules/connections.js';
import { jit } from './rules/jit.js';
import { memory } from './rules/memory.js';
import { pool } from './rules/pool.js';
import { storage } from './rules/storage.js';
import { workMem } from './rules/work-mem.js';
import type { TuneRule } from './recommend.js';
import type { Recommendation, TuneInput } from './types.js';

export const TUNE_RULES: TuneRule[] = [memory, workMem, storage, checkpoints, autovacuum, jit, connections, pool];

export interface TuneReview {
  recommendations: Recommendation[];
  /** Rules that could not look, and what would let them. */
  notReviewed: Array<{ rule: string; reason: string }>;
}

/** Every rule over the same facts. Pure: the same input gives the same review. */
export function reviewSettings(input: TuneInput): TuneReview {
  const recommendations: Recommendation[] = [];
  const notReviewed: TuneReview['notReviewed'] = [];
  for (const rule of TUNE_RULES) {
    const result = rule.check(input);
    if (typeof result === 'string') notReviewed.push({ rule: rule.id, reason: result });
    else recommendations.push(...result);
  }
  return { recommendations: recommendations.sort(bySeverity), notReviewed };
}
