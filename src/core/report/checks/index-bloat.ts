import { formatBytes } from '../../../util/text.js';
import { percent, qualified, round, valueOf } from '../facts.js';
import { estimateIndexBloat } from '../index-bloat.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';

/** Btree indexes whose estimated empty space is both large and most of the index. */
export const indexBloat: Check = {
  id: 'index-bloat',
  section: 'indexes',
  help: 'Deleted and updated entries leave btree pages half empty and they are rarely merged: REINDEX INDEX CONCURRENTLY (PostgreSQL 12+) rebuilds it without blocking writes.',
  run({ data }) {
    const indexes = valueOf(data.indexes);
    if (!indexes) return [];
    return indexes.flatMap((i) => {
      const bloat = estimateIndexBloat(i.stats ?? undefined, data.database.blockSize);
      if (!bloat || bloat.ratio < THRESHOLDS.bloat.minRatio || bloat.bytes < THRESHOLDS.bloat.minBytes) return [];
      return [
        {
          check: this.id,
          severity: 'warning' as const,
          object: qualified(i.schema, i.table, i.name),
          evidence: { estimated_wasted_bytes: bloat.bytes, estimated_ratio: round(bloat.ratio, 3), index_bytes: i.bytes, estimated: true },
          message: `about ${formatBytes(bloat.bytes)} (${percent(bloat.ratio, 0)}) of its ${formatBytes(i.bytes)} is estimated to be empty space`,
          help: this.help,
        },
      ];
    });
  },
};
