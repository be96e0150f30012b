import { groupThousands, quoteIdent } from '../../../util/text.js';
import { sequenceCapacity } from '../capacity.js';
import { percent, qualified, round, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';

/** A sequence that has used most of the values it or the column it feeds can hold. */
export const sequenceOverflow: Check = {
  id: 'sequence-overflow',
  section: 'sequences',
  help: 'Widen before it runs out: ALTER SEQUENCE … AS bigint is instant; ALTER TABLE … ALTER COLUMN … TYPE bigint rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, so plan a window or migrate through a new bigint column.',
  run({ data }) {
    const sequences = valueOf(data.sequences)?.sequences ?? [];
    return sequences.flatMap((s) => {
      const cap = sequenceCapacity(s);
      if (!cap || cap.used < THRESHOLDS.sequenceUsedShare) return [];
      const seq = qualified(s.schema, s.name);
      const alterSequence = `ALTER SEQUENCE ${quoteIdent(s.schema)}.${quoteIdent(s.name)} AS bigint;`;
      const c = cap.column;
      const fix = c ? `ALTER TABLE ${quoteIdent(c.schema)}.${quoteIdent(c.table)} ALTER COLUMN ${quoteIdent(c.column)} TYPE bigint;${s.type === 'bigint' ? '' : ` ${alterSequence}`}` : alterSequence;
      return [
        {
          check: this.id,
          severity: 'warning' as const,
          object: seq,
          evidence: { last_value: s.lastValue, limit: cap.limit, limited_by: cap.limitedBy, limit_type: cap.limitType, used_share: round(cap.used, 4), remaining_values: cap.remaining, fix },
          message: `${percent(cap.used)} used: ${groupThousands(cap.remaining)} values left before ${cap.limitedBy === 'the sequence' ? `its ${s.type} limit` : `the ${cap.limitType} column ${cap.limitedBy}`} (${groupThousands(cap.limit)}); fix: ${fix}`,
          help: this.help,
        },
      ];
    });
  },
};
