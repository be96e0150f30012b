import type { IndexStats } from '../../db/catalog/report/types.js';

/** Btree page layout: page header, the btree special space, a line pointer, an index tuple header (with its null bitmap). */
const PAGE_HEADER = 24;
const BTREE_OPAQUE = 16;
const LINE_POINTER = 4;
const TUPLE_HEADER = 8;
const NULL_BITMAP = 4;
const MAXALIGN = 8;

const align = (n: number) => Math.ceil(n / MAXALIGN) * MAXALIGN;

/**
 * Estimated wasted space of a btree index, the way the widely used
 * pgexperts/ioguix query and pghero estimate it: each entry takes a tuple
 * header (plus a null bitmap when a column has nulls) and the columns'
 * average widths less their null share, both aligned to 8 bytes, plus a line
 * pointer; pages hold (8192 - 40) × fillfactor of them, plus the metapage.
 * Waste = actual pages - expected. It ignores internal pages and
 * deduplication (PostgreSQL 13+ stores repeated keys once, so indexes with
 * many duplicates read as smaller than estimated, never as bloated): an
 * estimate. Null when the statistics are not visible or the index is empty.
 */
export function estimateIndexBloat(s: IndexStats | undefined, blockSize: number): { bytes: number; ratio: number } | null {
  if (!s || s.relpages <= 1 || s.reltuples < 0) return null;
  const entry = LINE_POINTER + align(TUPLE_HEADER + (s.nullable ? NULL_BITMAP : 0)) + align(s.dataWidth);
  const perPage = Math.max(1, Math.floor(((blockSize - PAGE_HEADER - BTREE_OPAQUE) * s.fillfactor) / 100 / entry));
  const expectedPages = 1 + Math.ceil(s.reltuples / perPage);
  const wastedPages = Math.max(0, s.relpages - expectedPages);
  return { bytes: wastedPages * blockSize, ratio: wastedPages / s.relpages };
}
