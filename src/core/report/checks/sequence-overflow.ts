import { percent, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';


/** Sequences close to their limit, and integer keys close to their type's maximum through the sequence that feeds them. */
export const sequenceOverflow: Check = {
  id: 'sequence-overflow',
  section: 'tables',
  help: 'Widen before it runs out: ALTER SEQUENCE … AS bigint, and for an integer column ALTER TABLE … ALTER COLUMN … TYPE bigint (it rewrites the table: plan it, or move to a new bigint column online).',
  run({ data }) {
    const sequences = valueOf(data.sequences);
    if (!sequences) return [];
    return sequences
      .filter((s) => s.used >= THRESHOLDS.sequenceUsed)
      .map((s) => {
        const name = `${s.schema}.${s.name}`;
        const feeds = s.column ? ` feeds ${s.column} (${s.columnType}${s.primaryKey ? ', primary key' : ''})` : '';
        const limit = s.limitedBy === 'column' ? `the ${s.columnType} maximum` : 'its maximum';
        return {
          check: this.id,
          severity: 'warning' as const,
          object: s.column ?? name,
          evidence: { sequence: name, last_value: s.lastValue, limit: s.limit, limited_by: s.limitedBy, used_ratio: Number(s.used.toFixed(4)), column: s.column, column_type: s.columnType, primary_key: s.primaryKey },
          message: `${name}${feeds}: ${digits(s.lastValue)} of ${digits(s.limit)} used (${percent(s.used)} of ${limit}); inserts fail once it is reached`,
          help: this.help,
        };
      });
  },
};

/** Thousands separators on an integer held as text (it may pass 2^53). */
function digits(value: string): string {
  return value.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
