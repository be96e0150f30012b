import type { Check } from '../types.js';
import { expectMaxCost } from './expect-max-cost.js';
import { expectMaxMs } from './expect-max-ms.js';
import { expectNoSeqScan } from './expect-no-seq-scan.js';
import { expectRowsRemoved } from './expect-rows-removed.js';
import { expectUsesIndex } from './expect-uses-index.js';
import { indexCoverage } from './index-coverage.js';
import { p95Budget } from './p95-budget.js';
import { planRegression } from './plan-regression.js';
import { queryPlan } from './query-plan.js';
import { specDrift } from './spec-drift.js';
import { uncoveredIndex } from './uncovered-index.js';

/** Every check of `perfctl check`, in the order results are printed. */
export const CHECKS: readonly Check[] = [
  specDrift,
  queryPlan,
  expectUsesIndex,
  expectNoSeqScan,
  expectMaxCost,
  expectMaxMs,
  expectRowsRemoved,
  indexCoverage,
  uncoveredIndex,
  planRegression,
  p95Budget,
];
