import { formatAge, qualified, secondsBetween, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';
import { groupThousands } from '../../../util/text.js';

const A = THRESHOLDS.autovacuum;

/**
 * Tables the planner knows badly: never analyzed, or changed past autovacuum's
 * own analyze trigger (50 + 10% of the table) since the last analyze.
 */
export const analyzeOverdue: Check = {
  id: 'analyze-overdue',
  section: 'tables',
  help: 'ANALYZE it so the planner sees the real row counts and values; if autovacuum keeps falling behind, lower autovacuum_analyze_scale_factor for it.',
  run({ data }) {
    const tables = valueOf(data.tables);
    if (!tables) return [];
    return tables
      .filter((t) => {
        const never = t.lastAnalyze === null && t.liveTuples >= THRESHOLDS.maintenanceMinRows;
        const stale = t.modSinceAnalyze >= THRESHOLDS.maintenanceMinRows && t.modSinceAnalyze > A.base + A.analyzeScale * t.liveTuples;
        return never || stale;
      })
      .sort((a, b) => b.modSinceAnalyze - a.modSinceAnalyze)
      .map((t) => {
        const age = secondsBetween(data.database.now, t.lastAnalyze);
        return {
          check: this.id,
          severity: 'warning',
          object: qualified(t.schema, t.name),
          evidence: { modified_since_analyze: t.modSinceAnalyze, live_rows: t.liveTuples, last_analyze: t.lastAnalyze, last_analyze_age_seconds: age === null ? null : Math.round(age) },
          message: `${groupThousands(t.modSinceAnalyze)} rows changed since the last analyze (${age === null ? 'never analyzed' : `${formatAge(age)} ago`}); ${groupThousands(t.liveTuples)} live rows`,
          help: this.help,
        };
      });
  },
};
