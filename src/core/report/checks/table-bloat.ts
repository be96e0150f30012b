import { formatBytes } from '../../../util/text.js';
import { estimateBloat } from '../bloat.js';
import { percent, qualified, round, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';

/** Tables whose estimated wasted space is both large and most of the table. */
export const tableBloat: Check = {
  id: 'table-bloat',
  section: 'tables',
  help: 'Space freed by VACUUM is reused by new rows but not returned: if the table will not grow back, rewrite it with pg_repack (online) or VACUUM FULL in a quiet window.',
  run({ data }) {
    const tables = valueOf(data.tables);
    if (!tables) return [];
    return tables.flatMap((t) => {
      const bloat = estimateBloat(t, data.database.blockSize);
      if (!bloat || bloat.ratio < THRESHOLDS.bloat.minRatio || bloat.bytes < THRESHOLDS.bloat.minBytes) return [];
      return [
        {
          check: this.id,
          severity: 'warning' as const,
          object: qualified(t.schema, t.name),
          evidence: { estimated_wasted_bytes: bloat.bytes, estimated_ratio: round(bloat.ratio, 3), table_bytes: t.bytes, live_rows: t.liveTuples },
          message: `about ${formatBytes(bloat.bytes)} (${percent(bloat.ratio, 0)}) of its ${formatBytes(t.bytes)} is estimated to be empty space`,
          help: this.help,
        },
      ];
    });
  },
};
