import { ms, pct } from '../format.js';
import { JIT_MAX_SHARE, JIT_MIN_MS } from '../thresholds.js';
import type { Rule } from '../types.js';

/** JIT compilation that costs more than it saves: typical for short queries with a high cost estimate. */
export const jitOverhead: Rule = {
  id: 'jit-overhead',
  summary: `JIT compilation ≥ ${ms(JIT_MIN_MS)} and ≥ ${pct(JIT_MAX_SHARE)} of execution`,
  check({ plan }) {
    const jit = plan.summary.jit;
    const execution = plan.summary.executionMs;
    if (!jit || execution === undefined || jit.totalMs < JIT_MIN_MS || jit.totalMs < JIT_MAX_SHARE * execution) return [];
    return [
      {
        rule: this.id,
        severity: jit.totalMs >= execution / 2 ? 'high' : 'medium',
        message: `JIT compiled ${jit.functions} functions in ${ms(jit.totalMs)}, ${pct(jit.totalMs / execution)} of the ${ms(execution)} execution`,
        evidence: { jit_ms: jit.totalMs, functions: jit.functions, execution_ms: execution },
        help: 'Turn JIT off for this workload (SET jit = off, per role or database) or raise jit_above_cost so queries this short are not compiled.',
      },
    ];
  },
};
