import { groupThousands } from '../../../util/text.js';
import { keyCapacity } from '../capacity.js';
import { percent, qualified, round, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';

/** An application-keyed smallint/integer primary key whose values near the type's maximum (as of the last ANALYZE). */
export const integerKeyOverflow: Check = {
  id: 'integer-key-overflow',
  section: 'sequences',
  help: 'ALTER TABLE … ALTER COLUMN … TYPE bigint (and every column referencing it) rewrites the tables and their indexes under an ACCESS EXCLUSIVE lock: plan a window or migrate through a new bigint column.',
  run({ data }) {
    const keys = valueOf(data.sequences)?.integerKeys ?? [];
    return keys.flatMap((k) => {
      const cap = keyCapacity(k);
      if (!cap || cap.used < THRESHOLDS.sequenceUsedShare) return [];
      return [
        {
          check: this.id,
          severity: 'warning' as const,
          object: qualified(k.schema, k.table, k.column),
          evidence: { highest_value_seen: k.maxSeen, type: k.type, limit: cap.limit, used_share: round(cap.used, 4), remaining_values: cap.remaining, estimated: true },
          message: `${k.type} primary key at ${groupThousands(k.maxSeen!)} as of the last ANALYZE: ${percent(cap.used)} of its range, about ${groupThousands(cap.remaining)} values left`,
          help: this.help,
        },
      ];
    });
  },
};
