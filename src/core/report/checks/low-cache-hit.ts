import { percent, qualified, ratio, round, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';
import { groupThousands } from '../../../util/text.js';

/** Busy tables whose heap and index blocks are found in shared buffers less often than budgets.cache_hit_ratio. */
export const lowCacheHit: Check = {
  id: 'low-cache-hit',
  section: 'cache',
  help: 'Its reads go to disk (or the OS cache): check which queries read it, whether an index would read fewer blocks, and whether shared_buffers fits the working set.',
  run({ data, budgets }) {
    const tables = valueOf(data.tables);
    if (!tables) return [];
    return tables
      .map((t) => ({ t, blocks: t.heapHit + t.heapRead + t.idxHit + t.idxRead }))
      .filter(({ t, blocks }) => blocks >= THRESHOLDS.cacheMinBlocks && (ratio(t.heapHit + t.idxHit, blocks) ?? 1) < budgets.cache_hit_ratio)
      .sort((a, b) => b.t.heapRead + b.t.idxRead - (a.t.heapRead + a.t.idxRead))
      .map(({ t, blocks }) => {
        const hit = ratio(t.heapHit + t.idxHit, blocks)!;
        return {
          check: this.id,
          severity: 'warning' as const,
          object: qualified(t.schema, t.name),
          evidence: { hit_ratio: round(hit, 4), heap_hit_ratio: round(ratio(t.heapHit, t.heapHit + t.heapRead) ?? 1, 4), index_hit_ratio: round(ratio(t.idxHit, t.idxHit + t.idxRead) ?? 1, 4), blocks_read: t.heapRead + t.idxRead, budget: budgets.cache_hit_ratio },
          message: `${percent(hit, 2)} of ${groupThousands(blocks)} block accesses hit the cache (budget ${percent(budgets.cache_hit_ratio, 2)})`,
          help: this.help,
        };
      });
  },
};
