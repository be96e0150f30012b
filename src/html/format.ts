import { percent } from '../core/report/facts.js';
import { formatBytes, formatDuration, groupThousands } from '../util/text.js';
import type { Cell } from './table.js';

/** Cells from a JSON row's field: the figure people read, the raw one to sort by. */
type Row = Record<string, unknown>;
const num = (row: Row, key: string) => (typeof row[key] === 'number' ? (row[key] as number) : null);

export const ms = (key: string) => (row: Row): Cell => numeric(num(row, key), formatDuration);
export const bytes = (key: string) => (row: Row): Cell => numeric(num(row, key), formatBytes);
export const count = (key: string) => (row: Row): Cell => numeric(num(row, key), groupThousands);
export const pct = (key: string, digits = 1) => (row: Row): Cell => numeric(num(row, key), (v) => percent(v, digits));
export const text = (key: string) => (row: Row): Cell => ({ text: row[key] === null || row[key] === undefined ? '' : Array.isArray(row[key]) ? (row[key] as string[]).join(', ') : String(row[key]) });
/** Timestamps sort by time; never-done sorts as the oldest. */
export const date = (key: string) => (row: Row): Cell => (typeof row[key] === 'string' ? { text: shortTime(row[key] as string), sort: Date.parse(row[key] as string) } : { text: 'never', sort: 0 });

function numeric(value: number | null, format: (v: number) => string): Cell {
  return value === null ? { text: '', sort: null } : { text: format(value), sort: value };
}

/** 2026-01-10T12:00:00.000Z → 2026-01-10 12:00 UTC */
export function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** 180004 → 18.4, 150012 → 15.12 */
export function serverVersion(num: number): string {
  return `${Math.floor(num / 10_000)}.${num % 10_000}`;
}
