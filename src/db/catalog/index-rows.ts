import type { CatalogIndex, IndexKey, IndexShape } from './types.js';
import type { IndexDetailRow } from './index-sql.js';

const CONSTRAINTS = { p: 'primary-key', u: 'unique', x: 'exclusion' } as const;

/** indoption bits (src/include/catalog/pg_index.h). */
const INDOPTION_DESC = 1;
const INDOPTION_NULLS_FIRST = 2;

export function shapeFromRow(row: IndexDetailRow): IndexShape {
  const keys: IndexKey[] = [];
  const include: string[] = [];
  row.columns.forEach(([attname, expression, opclass, opclassDefault, collation, collationDefault, option], i) => {
    if (i >= row.key_count) {
      include.push(attname ?? expression ?? '');
      return;
    }
    const bits = option ?? 0;
    keys.push({
      kind: attname !== null ? 'column' : 'expression',
      definition: attname ?? expression ?? '',
      opclass: opclass ?? '',
      opclassIsDefault: opclassDefault ?? true,
      collation,
      collationIsDefault: collation === null || (collationDefault ?? false),
      desc: (bits & INDOPTION_DESC) !== 0,
      nullsFirst: (bits & INDOPTION_NULLS_FIRST) !== 0,
    });
  });
  return { method: row.method, unique: row.unique, nullsNotDistinct: row.nulls_not_distinct, keys, include, predicate: row.predicate };
}

export function indexFromRow(row: IndexDetailRow): CatalogIndex {
  return {
    schema: row.schema,
    table: row.table,
    name: row.name,
    ...shapeFromRow(row),
    valid: row.valid,
    ready: row.ready,
    constraint: row.constraint_type ? CONSTRAINTS[row.constraint_type] : null,
    sizeBytes: Number(row.size_bytes),
    partitioned: row.partitioned,
    attachedTo: row.attached_to,
    foreignKeys: row.foreign_keys ?? [],
    attributes: {
      replicaIdentity: row.replica_identity,
      clustered: row.clustered,
      comment: row.comment,
      tablespace: row.tablespace,
      storage: row.storage ?? [],
      statistics: (row.statistics ?? []).map(([column, target]) => ({ column, target })),
    },
  };
}
