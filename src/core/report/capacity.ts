import type { IntegerKeyRow, SequenceRow } from '../../db/catalog/report/types.js';

/** The largest value of each integer type (the smallest is -max - 1). */
export const INTEGER_MAX: Readonly<Record<string, number>> = { smallint: 32_767, integer: 2_147_483_647, bigint: 2 ** 63 - 1 };

export interface SequenceCapacity {
  /** The value the next nextval() may not pass: the sequence's own bound or the narrowest integer column it feeds. */
  limit: number;
  /** What sets the limit: the sequence, or schema.table.column. */
  limitedBy: string;
  limitType: string;
  /** The column that sets the limit, when one does. */
  column?: SequenceRow['columns'][number];
  /** Share of the values from 0 to the limit already handed out. */
  used: number;
  /** nextval() calls left before the error. */
  remaining: number;
}

/**
 * How far a sequence has gone towards the first bound it will hit. An
 * ascending sequence runs out at its MAXVALUE or at the largest value of the
 * narrowest integer column it feeds, whichever is lower (an integer column fed
 * by a bigint sequence fails at 2^31 - 1, not at the sequence's bound);
 * descending ones mirror that; on a tie the column is named (widening the
 * sequence alone would not help). Null when last_value is unknown or the
 * sequence cycles (it wraps by design).
 */
export function sequenceCapacity(s: SequenceRow): SequenceCapacity | null {
  if (s.lastValue === null || s.cycle || s.increment === 0) return null;
  const up = s.increment > 0;
  let limit = up ? s.max : s.min;
  let limitedBy = 'the sequence';
  let limitType = s.type;
  let column: SequenceRow['columns'][number] | undefined;
  for (const c of s.columns) {
    const max = INTEGER_MAX[c.type];
    if (max === undefined) continue;
    const bound = up ? max : -max - 1;
    if (up ? bound <= limit : bound >= limit) {
      limit = bound;
      limitedBy = `${c.schema}.${c.table}.${c.column}`;
      limitType = c.type;
      column = c;
    }
  }
  const used = Math.sign(limit) === Math.sign(s.lastValue) ? Math.min(1, s.lastValue / limit) : 0;
  return { limit, limitedBy, limitType, column, used, remaining: Math.max(0, Math.floor((limit - s.lastValue) / s.increment)) };
}

/** Share of an application-keyed integer primary key's range used, by the highest value pg_stats saw. */
export function keyCapacity(k: IntegerKeyRow): { limit: number; used: number; remaining: number } | null {
  const limit = INTEGER_MAX[k.type];
  if (k.maxSeen === null || limit === undefined) return null;
  return { limit, used: Math.min(1, Math.max(0, k.maxSeen / limit)), remaining: Math.max(0, limit - k.maxSeen) };
}
