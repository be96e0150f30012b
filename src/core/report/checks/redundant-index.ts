import type { IndexRow } from '../../../db/catalog/report/types.js';
import { formatBytes } from '../../../util/text.js';
import { qualified, valueOf } from '../facts.js';
import { groupBy } from '../group.js';
import type { Check, Finding } from '../types.js';

/**
 * Whether btree `a` is made redundant by btree `b`: a's keys are a strict
 * leading prefix of b's with the same opclasses, collations and sort options;
 * b covers at least a's rows (no predicate, or the same one); and b holds every
 * INCLUDE column of a, so index-only scans keep working. A unique `a` enforces
 * something and is never redundant.
 */
export function coveredBy(a: IndexRow, b: IndexRow): boolean {
  if (a.oid === b.oid || a.tableOid !== b.tableOid || a.method !== 'btree' || b.method !== 'btree') return false;
  if (!a.valid || !b.valid || a.unique || a.backsConstraint || a.keyCount >= b.keyCount) return false;
  if (b.predicate !== null && b.predicate !== a.predicate) return false;
  for (let k = 0; k < a.keyCount; k++) {
    if (a.attnums[k] !== b.attnums[k] || a.columns[k] !== b.columns[k]) return false;
    if (a.opclasses[k] !== b.opclasses[k] || a.collations[k] !== b.collations[k] || a.options[k] !== b.options[k]) return false;
  }
  const bColumns = new Set(b.attnums.filter((n) => n !== 0));
  return a.attnums.slice(a.keyCount).every((n) => n !== 0 && bColumns.has(n));
}

export const redundantIndex: Check = {
  id: 'redundant-index',
  section: 'indexes',
  help: 'The longer index serves the same lookups: DROP INDEX CONCURRENTLY this one after checking that no query depends on its smaller size.',
  run({ data }) {
    const indexes = valueOf(data.indexes);
    if (!indexes) return [];
    // Only indexes on the same table with the same first key can cover each other.
    const byLead = groupBy(
      indexes.filter((i) => i.method === 'btree' && i.valid),
      (i) => `${i.tableOid}/${i.attnums[0]}/${i.columns[0]}`,
    );
    const findings: Finding[] = [];
    for (const group of byLead.values()) {
      if (group.length < 2) continue;
      for (const a of group) {
        const cover = group.find((b) => coveredBy(a, b));
        if (!cover) continue;
        findings.push({
          check: this.id,
          severity: 'warning',
          object: qualified(a.schema, a.table, a.name),
          evidence: { covered_by: cover.name, bytes: a.bytes, scans: a.scans, definition: a.definition, covering_definition: cover.definition },
          message: `its keys (${a.columns.slice(0, a.keyCount).join(', ')}) lead ${cover.name} (${cover.columns.slice(0, cover.keyCount).join(', ')}); ${formatBytes(a.bytes)}`,
          help: this.help,
        });
      }
    }
    return findings;
  },
};
