import type { IndexRow } from '../../../db/catalog/report/types.js';
import { formatBytes } from '../../../util/text.js';
import { qualified, valueOf } from '../facts.js';
import { groupBy } from '../group.js';
import type { Check, Finding } from '../types.js';

/** Everything that makes two indexes serve the same lookups; the name and uniqueness aside. */
export function definitionKey(i: IndexRow): string {
  return [i.tableOid, i.method, i.keyCount, i.attnums.join(','), i.columns.join('\u0000'), i.opclasses.join(','), i.collations.join(','), i.options.join(','), i.predicate ?? '\u0001'].join('\u0002');
}

/** Which of a set of identical indexes to keep: the one doing a job (constraint, uniqueness), then the most used, then the oldest. */
export function keeperOrder(a: IndexRow, b: IndexRow): number {
  return Number(b.backsConstraint) - Number(a.backsConstraint) || Number(b.unique) - Number(a.unique) || b.scans - a.scans || a.oid - b.oid;
}

export const duplicateIndex: Check = {
  id: 'duplicate-index',
  section: 'indexes',
  help: 'Two identical indexes cost double on every write: DROP INDEX CONCURRENTLY the duplicate (if it backs a constraint, drop the constraint instead).',
  run({ data }) {
    const indexes = valueOf(data.indexes);
    if (!indexes) return [];
    const groups = groupBy(
      indexes.filter((i) => i.valid),
      definitionKey,
    );
    const findings: Finding[] = [];
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const [keep, ...extra] = [...group].sort(keeperOrder);
      for (const dup of extra) {
        findings.push({
          check: this.id,
          severity: 'warning',
          object: qualified(dup.schema, dup.table, dup.name),
          evidence: { duplicate_of: keep!.name, bytes: dup.bytes, scans: dup.scans, backs_constraint: dup.backsConstraint, definition: dup.definition },
          message: `same definition as ${keep!.name}; ${formatBytes(dup.bytes)}, ${dup.scans} scans`,
          help: this.help,
        });
      }
    }
    return findings;
  },
};
