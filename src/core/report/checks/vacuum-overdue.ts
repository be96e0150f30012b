import { formatAge, percent, qualified, ratio, round, secondsBetween, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';
import { groupThousands } from '../../../util/text.js';

const A = THRESHOLDS.autovacuum;

/** More dead rows than autovacuum's own trigger (50 + 20% of the table): it has not kept up. */
export const vacuumOverdue: Check = {
  id: 'vacuum-overdue',
  section: 'tables',
  help: 'VACUUM (ANALYZE) it now; if it keeps happening, lower autovacuum_vacuum_scale_factor for this table or look for long transactions holding vacuum back.',
  run({ data }) {
    const tables = valueOf(data.tables);
    if (!tables) return [];
    return tables
      .filter((t) => t.deadTuples >= THRESHOLDS.maintenanceMinRows && t.deadTuples > A.base + A.vacuumScale * t.liveTuples)
      .sort((a, b) => b.deadTuples - a.deadTuples)
      .map((t) => {
        const age = secondsBetween(data.database.now, t.lastVacuum);
        const dead = ratio(t.deadTuples, t.deadTuples + t.liveTuples) ?? 0;
        return {
          check: this.id,
          severity: 'warning',
          object: qualified(t.schema, t.name),
          evidence: { dead_rows: t.deadTuples, live_rows: t.liveTuples, dead_share: round(dead, 4), last_vacuum: t.lastVacuum, last_vacuum_age_seconds: age === null ? null : Math.round(age) },
          message: `${groupThousands(t.deadTuples)} dead rows (${percent(dead)}); last vacuumed ${age === null ? 'never' : `${formatAge(age)} ago`}`,
          help: this.help,
        };
      });
  },
};
