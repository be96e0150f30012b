import type { Rule } from '../types.js';
import { diskSort } from './disk-sort.js';
import { hashBatches } from './hash-batches.js';
import { hashAggSpill } from './hash-agg-spill.js';
import { heapFetches } from './heap-fetches.js';
import { inefficientIndex } from './inefficient-index.js';
import { jitOverhead } from './jit-overhead.js';
import { joinFilter } from './join-filter.js';
import { joinSeqScan } from './join-seq-scan.js';
import { largeOffset } from './large-offset.js';
import { lossyBitmap } from './lossy-bitmap.js';
import { misestimate } from './misestimate.js';
import { nestedLoopMany } from './nested-loop-many.js';
import { noIndexOnSort } from './no-index-on-sort.js';
import { planningDominates } from './planning-dominates.js';
import { seqScanFilter } from './seq-scan-filter.js';
import { staleStats } from './stale-stats.js';

/** The registry: one file per rule, each pure. Order is only the tie-break when findings rank equal. */
export const rules: Rule[] = [
  seqScanFilter,
  joinSeqScan,
  joinFilter,
  inefficientIndex,
  noIndexOnSort,
  nestedLoopMany,
  misestimate,
  staleStats,
  diskSort,
  hashBatches,
  hashAggSpill,
  lossyBitmap,
  heapFetches,
  largeOffset,
  jitOverhead,
  planningDominates,
];
