import { describe, expect, it } from 'vitest';
import { indexBloat } from '../../../src/core/report/checks/index-bloat.js';
import { estimateIndexBloat } from '../../../src/core/report/index-bloat.js';
import type { IndexStats } from '../../../src/db/catalog/report/types.js';
import { data, index, input, ok } from './fixtures.js';

const stats = (o: Partial<IndexStats> = {}): IndexStats => ({ reltuples: 1_000_000, relpages: 2_745, fillfactor: 90, dataWidth: 8, nullable: false, ...o });

describe('btree bloat estimate', () => {
  it('expects 20 bytes an entry for a bigint key: 366 entries a page at fillfactor 90, plus the metapage', () => {
    // (8192 - 24 - 16) × 0.9 / (4 + 8 + 8) = 366.8; 1,000,000 / 366 = 2,733 pages + 1.
    expect(estimateIndexBloat(stats({ relpages: 2_734 }), 8192)).toEqual({ bytes: 0, ratio: 0 });
    expect(estimateIndexBloat(stats({ relpages: 27_340 }), 8192)).toEqual({ bytes: (27_340 - 2_734) * 8192, ratio: (27_340 - 2_734) / 27_340 });
  });

  it('adds the null bitmap when a column has nulls, aligns the data, and knows nothing without statistics', () => {
    // header 8 + 4 aligned to 16, data 13 aligned to 16: 36 bytes an entry.
    const wide = estimateIndexBloat(stats({ dataWidth: 13, nullable: true, relpages: 10_000 }), 8192)!;
    expect(wide.bytes).toBe((10_000 - (1 + Math.ceil(1_000_000 / Math.floor((8152 * 0.9) / 36)))) * 8192);
    expect(estimateIndexBloat(undefined, 8192)).toBeNull();
    expect(estimateIndexBloat(stats({ relpages: 1 }), 8192)).toBeNull();
  });

  it('index-bloat fires from half the index and 10 MB, labelled an estimate', () => {
    const run = (s: IndexStats) => indexBloat.run(input(data({ indexes: ok([index({ name: 'big', stats: s, bytes: s.relpages * 8192 })]) })));
    expect(run(stats({ relpages: 27_340 }))[0]).toMatchObject({ object: 'public.t.big', evidence: { estimated: true, estimated_ratio: 0.9 } });
    expect(run(stats({ relpages: 5_000 }))).toEqual([]);
    expect(run(stats({ reltuples: 1_000, relpages: 1_000 }))).toEqual([]);
  });
});
