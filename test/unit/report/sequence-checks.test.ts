import { describe, expect, it } from 'vitest';
import { keyCapacity, sequenceCapacity } from '../../../src/core/report/capacity.js';
import { integerKeyOverflow } from '../../../src/core/report/checks/integer-key-overflow.js';
import { sequenceOverflow } from '../../../src/core/report/checks/sequence-overflow.js';
import type { IntegerKeyRow, SequenceRow } from '../../../src/db/catalog/report/types.js';
import { data, input, ok } from './fixtures.js';

const INT_MAX = 2_147_483_647;

function sequence(o: Partial<SequenceRow> = {}): SequenceRow {
  return { schema: 'public', name: 's', type: 'bigint', min: 1, max: 2 ** 63 - 1, increment: 1, cycle: false, readable: true, lastValue: 1, columns: [], ...o };
}

const column = (type: string) => ({ schema: 'public', table: 't', column: 'id', type });
const run = (sequences: SequenceRow[], integerKeys: IntegerKeyRow[] = []) =>
  [...sequenceOverflow.run(input(data({ sequences: ok({ sequences, integerKeys }) }))), ...integerKeyOverflow.run(input(data({ sequences: ok({ sequences, integerKeys }) })))];

describe('sequence capacity', () => {
  it('is bounded by the narrowest integer column the sequence feeds', () => {
    const cap = sequenceCapacity(sequence({ lastValue: 1_900_000_000, columns: [column('bigint'), column('integer')] }))!;
    expect(cap).toMatchObject({ limit: INT_MAX, limitedBy: 'public.t.id', limitType: 'integer', remaining: INT_MAX - 1_900_000_000 });
    expect(cap.used).toBeCloseTo(0.8848, 3);
  });

  it('is bounded by the sequence itself when its type is the narrower, and counts steps of its increment', () => {
    expect(sequenceCapacity(sequence({ type: 'integer', max: INT_MAX, lastValue: 2_000_000_000, increment: 10, columns: [column('bigint')] }))).toMatchObject({
      limitedBy: 'the sequence',
      remaining: Math.floor((INT_MAX - 2_000_000_000) / 10),
    });
  });

  it('mirrors descending sequences, and ignores cycling or unread ones', () => {
    expect(sequenceCapacity(sequence({ increment: -1, min: -2_147_483_648, max: -1, lastValue: -2_000_000_000, columns: [column('integer')] }))!.used).toBeCloseTo(0.9313, 3);
    expect(sequenceCapacity(sequence({ cycle: true, lastValue: 2 ** 62 }))).toBeNull();
    expect(sequenceCapacity(sequence({ lastValue: null }))).toBeNull();
  });

  it('judges an application-keyed key by the highest value statistics saw', () => {
    expect(keyCapacity({ schema: 'public', table: 't', column: 'id', type: 'smallint', maxSeen: 30_000 })).toMatchObject({ limit: 32_767, remaining: 2_767 });
    expect(keyCapacity({ schema: 'public', table: 't', column: 'id', type: 'integer', maxSeen: null })).toBeNull();
  });
});

describe('sequence-overflow and integer-key-overflow', () => {
  it('fire from 75% used, with the statement that fixes it', () => {
    const [seq, key] = run(
      [sequence({ name: 'orders_id_seq', lastValue: 1_700_000_000, columns: [column('integer')] }), sequence({ name: 'young', lastValue: 1_000_000_000, columns: [column('integer')] })],
      [{ schema: 'public', table: 'events', column: 'id', type: 'integer', maxSeen: 2_100_000_000 }],
    );
    expect(seq).toMatchObject({ check: 'sequence-overflow', object: 'public.orders_id_seq', evidence: { limited_by: 'public.t.id', used_share: 0.7916, fix: 'ALTER TABLE "public"."t" ALTER COLUMN "id" TYPE bigint;' } });
    expect(key).toMatchObject({ check: 'integer-key-overflow', object: 'public.events.id', evidence: { estimated: true, remaining_values: INT_MAX - 2_100_000_000 } });
    expect(run([sequence({ lastValue: 1_000_000_000, columns: [column('integer')] })])).toEqual([]);
  });

  it('an integer sequence feeding a bigint column needs only ALTER SEQUENCE', () => {
    const [f] = run([sequence({ type: 'integer', max: INT_MAX, lastValue: 2_000_000_000, columns: [column('bigint')] })]);
    expect(f!.evidence.fix).toBe('ALTER SEQUENCE "public"."s" AS bigint;');
  });
});
