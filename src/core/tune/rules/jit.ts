import { settingChange, type TuneRule } from '../recommend.js';

/** JIT compilation that takes more than this share of execution time costs more than it saves. */
const JIT_SHARE = 0.05;

/**
 * JIT pays off for long analytical queries; for short OLTP statements its
 * compile time (often tens of milliseconds) is pure overhead, and the
 * planner's cost thresholds misfire on large tables with bad estimates.
 */
export const jit: TuneRule = {
  id: 'jit',
  summary: 'jit for short OLTP statements, from JIT time in pg_stat_statements (PostgreSQL 15+) or the declared workload',
  check(input) {
    if (input.facts.settings.jit?.value !== 'on') return [];
    const { statements } = input.facts;
    const totalMs = statements.available ? statements.totalMs : 0;
    const measured = statements.available && statements.jit && totalMs > 0 ? statements.jit : null;
    const share = measured ? measured.ms / totalMs : 0;
    if (measured && share >= JIT_SHARE) {
      return [
        settingChange(input, {
          id: 'jit',
          setting: 'jit',
          proposed: 'off',
          message: `JIT compilation took ${Math.round(share * 100)}% of all statement execution time (${Math.round(measured.ms)} ms over ${measured.functions} functions)`,
          evidence: { jit_ms: measured.ms, jit_functions: measured.functions, total_exec_ms: totalMs, window: statements.available ? statements.window : null },
          risk: 'long analytical queries lose JIT speed-ups; raise jit_above_cost instead if there are such queries',
        }),
      ];
    }
    if (input.machine.workload === 'oltp' && !measured) {
      return [
        settingChange(input, {
          id: 'jit',
          setting: 'jit',
          proposed: 'off',
          message: 'jit is on for a declared OLTP workload: compiling short statements costs more than it saves',
          evidence: { workload: 'oltp', measured: false },
          risk: 'long analytical queries lose JIT speed-ups',
          severity: 'notice',
        }),
      ];
    }
    return [];
  },
};
