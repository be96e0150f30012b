import type { Database } from '../pool.js';
import type { CatalogTable, PartitionNode, TableKind } from './types.js';

const KINDS: Record<string, TableKind> = { r: 'table', p: 'partitioned', f: 'foreign-table' };

interface TreeRow {
  root: string;
  oid: number;
  schema: string;
  name: string;
  parent: string | null;
  level: number;
  relkind: string;
  size_bytes: string;
  /** Partition key columns; null for a leaf, or when the key has an expression. */
  key: string[] | null;
  key_has_expression: boolean;
}

/**
 * Every descendant of the spec's partitioned tables (sub-partitions too, any
 * schema), top-down, with each partitioned level's key: one query, and only
 * when the spec names a partitioned table. Returns the oids of all of them,
 * so their indexes are read with the rest.
 */
export async function readPartitionTrees(db: Database, tables: CatalogTable[]): Promise<{ oids: number[] }> {
  const roots = tables.filter((t) => t.kind === 'partitioned' && t.columns.length > 0);
  if (roots.length === 0) return { oids: [] };
  const rows = await db.query<TreeRow>(
    `SELECT r.root, c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name,
            (SELECT pn.nspname || '.' || p.relname FROM pg_catalog.pg_class p JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace WHERE p.oid = tr.parentrelid) AS parent,
            tr.level, c.relkind::text AS relkind, pg_catalog.pg_table_size(c.oid) AS size_bytes,
            (SELECT pg_catalog.array_agg(a.attname::text ORDER BY k.ord) FROM pg_catalog.pg_partitioned_table pt
               CROSS JOIN LATERAL pg_catalog.unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum
              WHERE pt.partrelid = c.oid) AS key,
            COALESCE((SELECT pt.partexprs IS NOT NULL FROM pg_catalog.pg_partitioned_table pt WHERE pt.partrelid = c.oid), false) AS key_has_expression
       FROM pg_catalog.unnest($1::text[]) AS r(root)
      CROSS JOIN LATERAL pg_catalog.pg_partition_tree(pg_catalog.to_regclass(r.root)) AS tr
       JOIN pg_catalog.pg_class c ON c.oid = tr.relid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      ORDER BY r.root, tr.level, n.nspname, c.relname`,
    [roots.map((t) => `${quote(t.schema)}.${quote(t.name)}`)],
    'reading the partitions of the spec tables',
  );
  const oids: number[] = [];
  for (const root of roots) {
    const own = rows.filter((r) => r.root === `${quote(root.schema)}.${quote(root.name)}`);
    const top = own.find((r) => r.level === 0);
    if (top) root.partitionKey = top.key_has_expression ? null : (top.key ?? []);
    root.partitions = own
      .filter((r) => r.level > 0)
      .map(
        (r): PartitionNode => ({
          schema: r.schema,
          name: r.name,
          parent: r.parent ?? '',
          kind: KINDS[r.relkind] ?? 'other',
          sizeBytes: Number(r.size_bytes),
          ...(r.relkind === 'p' ? { partitionKey: r.key_has_expression ? null : (r.key ?? []) } : {}),
        }),
      );
    oids.push(...own.filter((r) => r.level > 0).map((r) => Number(r.oid)));
  }
  return { oids };
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
