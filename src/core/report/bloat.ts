import type { TableRow } from '../../db/catalog/report/types.js';

/** Heap page header, tuple header (23 bytes, aligned) and line pointer sizes. */
const PAGE_HEADER = 24;
const TUPLE_HEADER = 24;
const LINE_POINTER = 4;

/**
 * Estimated wasted heap space: the table's pages against the pages its live
 * rows would need packed at its fillfactor, with each row's width from
 * pg_stats (avg_width summed over the columns, rounded up to 8-byte
 * alignment). It ignores the null bitmap and TOAST, so it is an estimate,
 * like pghero's and pg-extras'; null when the widths are not visible.
 */
export function estimateBloat(t: Pick<TableRow, 'rowWidth' | 'reltuples' | 'relpages' | 'fillfactor'>, blockSize: number): { bytes: number; ratio: number } | null {
  if (t.rowWidth === null || t.relpages <= 0 || t.reltuples < 0) return null;
  const tuple = TUPLE_HEADER + Math.ceil(t.rowWidth / 8) * 8 + LINE_POINTER;
  const perPage = Math.max(1, Math.floor(((blockSize - PAGE_HEADER) * t.fillfactor) / 100 / tuple));
  const expectedPages = Math.max(1, Math.ceil(t.reltuples / perPage));
  const wastedPages = Math.max(0, t.relpages - expectedPages);
  return { bytes: wastedPages * blockSize, ratio: wastedPages / t.relpages };
}
