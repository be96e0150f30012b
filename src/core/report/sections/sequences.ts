import { keyCapacity, sequenceCapacity } from '../capacity.js';
import { qualified, round, valueOf } from '../facts.js';
import { problemOf, type Row, type Section, type SectionInput } from '../section.js';
import { THRESHOLDS } from '../thresholds.js';

/** sequences: how close each sequence and application-keyed integer primary key is to its type's maximum. */
export function sequencesSection(input: SectionInput): Section {
  const { data, top, findings, role } = input;
  const read = valueOf(data.sequences);
  const section: Section = { id: 'sequences', title: 'Sequences and integer keys', problems: problemOf(data.sequences), notes: [], rows: [], findings };
  if (!read) return section;
  const rows: Row[] = [];
  for (const s of read.sequences) {
    const cap = sequenceCapacity(s);
    if (!cap) continue;
    rows.push({ object: qualified(s.schema, s.name), kind: 'sequence', value: s.lastValue, limit: cap.limit, limited_by: cap.limitedBy, limit_type: cap.limitType, used_share: round(cap.used, 4), remaining_values: cap.remaining });
  }
  for (const k of read.integerKeys) {
    const cap = keyCapacity(k);
    if (!cap) continue;
    const key = qualified(k.schema, k.table, k.column);
    rows.push({ object: key, kind: 'primary key (estimated)', value: k.maxSeen, limit: cap.limit, limited_by: key, limit_type: k.type, used_share: round(cap.used, 4), remaining_values: cap.remaining });
  }
  section.rows = rows.sort((a, b) => Number(b.used_share) - Number(a.used_share)).slice(0, top);
  const hidden = read.sequences.filter((s) => !s.readable);
  if (hidden.length > 0) {
    const schemas = [...new Set(hidden.map((s) => s.schema))].join(', ');
    section.notes.push(`${hidden.length} sequence${hidden.length === 1 ? '' : 's'} this role may not read (last_value needs SELECT or USAGE): GRANT SELECT ON ALL SEQUENCES IN SCHEMA ${schemas} TO ${role};`);
  }
  const unseen = read.integerKeys.filter((k) => k.maxSeen === null).length;
  if (unseen > 0) section.notes.push(`${unseen} application-keyed integer primary key${unseen === 1 ? '' : 's'} without statistics this role can see (pg_stats needs SELECT on the column, and an ANALYZE)`);
  section.notes.push(`findings from ${percent0(THRESHOLDS.sequenceUsedShare)} used; keys without a sequence are judged by the highest value pg_stats saw at the last ANALYZE (an estimate)`);
  return section;
}

function percent0(share: number): string {
  return `${Math.round(share * 100)}%`;
}
