import type { WraparoundData, WraparoundTable } from '../../db/catalog/report/types.js';

/** Transaction IDs are 32-bit and compared modulo 2^32: an XID older than 2^31 would look like the future. */
export const XID_LIMIT = 2 ** 31;
/** PostgreSQL 14+ stops assigning XIDs this many short of the limit (single-user mode VACUUM is then the only way out). */
export const XID_STOP_MARGIN = 3_000_000;

/** The ages at which autovacuum forces a freezing vacuum on a table: its own setting may only lower the server's. */
export function freezeLimits(t: WraparoundTable, w: WraparoundData): { xid: number; mxid: number } {
  return {
    xid: Math.min(t.freezeMaxAge ?? w.freezeMaxAge, w.freezeMaxAge),
    mxid: Math.min(t.multixactFreezeMaxAge ?? w.multixactFreezeMaxAge, w.multixactFreezeMaxAge),
  };
}

/** XIDs left before the server refuses new ones. */
export function xidsLeft(age: number): number {
  return Math.max(0, XID_LIMIT - XID_STOP_MARGIN - age);
}

/** "heap scanned 40% (anti-wraparound)": what the VACUUM running on a table has done, or null. */
export function vacuumProgress(t: WraparoundTable): string | null {
  if (!t.vacuum) return null;
  const v = t.vacuum;
  const share = v.heapBlocksTotal > 0 ? ` ${Math.floor((v.heapBlocksScanned / v.heapBlocksTotal) * 100)}%` : '';
  return `${v.phase}${share}${v.antiWraparound ? ' (anti-wraparound)' : ''}`;
}
