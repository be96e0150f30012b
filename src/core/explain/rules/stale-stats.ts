import { count, pct } from '../format.js';
import { STALE_STATS_BASE_ROWS, STALE_STATS_MIN_CHANGES, STALE_STATS_SHARE } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/** A table the plan reads whose statistics predate many changes (from pg_stat_user_tables, when connected). */
export const staleStats: Rule = {
  id: 'stale-stats',
  summary: `table changed by ≥ ${STALE_STATS_BASE_ROWS} rows + ${pct(STALE_STATS_SHARE)} since its last ANALYZE`,
  check({ plan, tables }) {
    const findings: Finding[] = [];
    for (const table of tables) {
      const size = Math.max(table.reltuples, table.liveTuples, 0);
      const limit = STALE_STATS_BASE_ROWS + STALE_STATS_SHARE * Math.max(table.reltuples, 0);
      const neverAnalyzed = table.lastAnalyze === null && table.lastAutoanalyze === null;
      if (table.modsSinceAnalyze < STALE_STATS_MIN_CHANGES || table.modsSinceAnalyze < limit) continue;
      const node = plan.nodes.find((n) => n.relation === table.name);
      const last = latest(table.lastAnalyze, table.lastAutoanalyze);
      findings.push({
        rule: this.id,
        severity: table.modsSinceAnalyze >= 10 * limit || neverAnalyzed ? 'high' : 'medium',
        nodeId: node?.id,
        message: `${table.schema}.${table.name}: ${count(table.modsSinceAnalyze)} rows changed since ${last ? `the last ANALYZE (${last})` : 'it was created; never analysed'}; the planner assumes ${count(Math.max(table.reltuples, 0))} rows, ${count(table.liveTuples)} live`,
        evidence: { table: `${table.schema}.${table.name}`, changes_since_analyze: table.modsSinceAnalyze, planner_rows: Math.max(table.reltuples, 0), live_rows: table.liveTuples, last_analyze: last ?? 'never', rows_considered: size },
        help: `ANALYZE ${table.schema}.${table.name}; then check why autovacuum has not (autovacuum_enabled, autovacuum_analyze_scale_factor).`,
      });
    }
    return findings;
  },
};

function latest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
