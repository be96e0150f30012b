import type { ForeignKeyRow, IndexRow } from '../../../db/catalog/report/types.js';
import { qualified, valueOf } from '../facts.js';
import { groupBy } from '../group.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';
import { groupThousands } from '../../../util/text.js';

/** A valid, non-partial btree whose leading keys are the foreign key's columns, in any order. */
export function supportsForeignKey(fk: ForeignKeyRow, index: IndexRow): boolean {
  if (index.tableOid !== fk.tableOid || !index.valid || index.predicate !== null || index.method !== 'btree') return false;
  const n = fk.attnums.length;
  if (index.keyCount < n) return false;
  const leading = new Set(index.attnums.slice(0, n));
  return fk.attnums.every((a) => leading.has(a));
}

/**
 * Foreign keys without a supporting index: every DELETE or key UPDATE on the
 * referenced table scans the referencing one, and joins along the key cannot
 * use an index.
 */
export const fkWithoutIndex: Check = {
  id: 'fk-without-index',
  section: 'indexes',
  help: 'CREATE INDEX CONCURRENTLY on the referencing columns (add it to indexes.yaml).',
  run({ data }) {
    const fks = valueOf(data.foreignKeys);
    const indexes = valueOf(data.indexes);
    if (!fks || !indexes) return [];
    const rows = new Map((valueOf(data.tables) ?? []).map((t) => [t.oid, t.liveTuples]));
    const byTable = groupBy(indexes, (i) => i.tableOid);
    return fks
      .filter((fk) => !(byTable.get(fk.tableOid) ?? []).some((i) => supportsForeignKey(fk, i)))
      .map((fk) => {
        const live = rows.get(fk.tableOid) ?? null;
        return {
          check: this.id,
          severity: live !== null && live >= THRESHOLDS.fkWarningRows ? 'warning' : 'notice',
          object: `${qualified(fk.schema, fk.table)}(${fk.columns.join(', ')})`,
          evidence: { constraint: fk.name, columns: fk.columns.join(', '), references: fk.references, table_rows: live },
          message: `foreign key ${fk.name} → ${fk.references} has no index on (${fk.columns.join(', ')})${live !== null ? `; ${groupThousands(live)} rows` : ''}`,
          help: this.help,
        };
      });
  },
};
