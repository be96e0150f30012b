import type { Part } from '../../db/catalog/report/types.js';

/** Small pure helpers the checks and sections share. */

export function valueOf<T>(part: Part<T> | undefined): T | undefined {
  return part?.available ? part.value : undefined;
}

export function qualified(...parts: string[]): string {
  return parts.join('.');
}

/** Seconds from `then` to `now`, or null when `then` is unknown. */
export function secondsBetween(now: string, then: string | null): number | null {
  if (!then) return null;
  return Math.max(0, (Date.parse(now) - Date.parse(then)) / 1000);
}

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function percent(value: number | null, digits = 1): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(digits)}%`;
}

/** "3 min", "12 days": how old something is, for messages. */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

const PLANNABLE = new Set(['select', 'insert', 'update', 'delete', 'merge', 'with', 'values', 'table']);

/** The statement's first keyword, past comments and parentheses; undefined when the text is hidden. */
export function leadingKeyword(sql: string | null): string | undefined {
  if (sql === null) return undefined;
  const stripped = sql.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()+/, '');
  return /^[a-z]+/i.exec(stripped)?.[0].toLowerCase();
}

/**
 * Whether a statement goes through the planner. Utility statements (BEGIN,
 * SET, VACUUM, CREATE INDEX) are left out of query-time figures: their time
 * is not query latency. A hidden text counts as plannable, being unknowable.
 */
export function isPlannable(sql: string | null): boolean {
  const word = leadingKeyword(sql);
  return word === undefined || PLANNABLE.has(word);
}
