/**
 * The catalog snapshot the index planner works from: plain, serialisable
 * data read once (src/db/catalog/indexes.ts), so `buildPlan` stays pure and
 * can be tested on JSON fixtures.
 */

/** One key column of an index, as PostgreSQL itself prints and resolves it. */
export interface IndexKey {
  /** A plain column (its name, unquoted) or an expression (pg_get_indexdef text). */
  kind: 'column' | 'expression';
  definition: string;
  /** Operator class, schema-qualified, e.g. "pg_catalog.text_pattern_ops". */
  opclass: string;
  opclassIsDefault: boolean;
  /** Collation, schema-qualified; null for types without one. */
  collation: string | null;
  /** True when the collation is the one the column or expression has anyway. */
  collationIsDefault: boolean;
  desc: boolean;
  nullsFirst: boolean;
}

/** Everything that makes two indexes the same index, apart from the name. */
export interface IndexShape {
  method: string;
  unique: boolean;
  nullsNotDistinct: boolean;
  keys: IndexKey[];
  /** INCLUDE columns (names, unquoted). */
  include: string[];
  /** pg_get_expr of the predicate, or null. */
  predicate: string | null;
}

export interface CatalogIndex extends IndexShape {
  schema: string;
  table: string;
  name: string;
  valid: boolean;
  ready: boolean;
  /** The constraint it backs: primary key, unique or exclusion. */
  constraint: 'primary-key' | 'unique' | 'exclusion' | null;
  sizeBytes: number;
  /** An index on a partitioned table (relkind I): it has no storage of its own. */
  partitioned?: boolean;
  /** "schema.name" of the partitioned index this one is attached to; it cannot be dropped on its own. */
  attachedTo?: string | null;
  /** Foreign keys that reference the table through this index: "constraint on schema.table". */
  foreignKeys?: string[];
  attributes?: IndexAttributes;
}

/** What belongs to an index beyond its definition, and a replace must carry over. */
export interface IndexAttributes {
  /** The table's REPLICA IDENTITY USING INDEX (logical replication sends its columns as the key). */
  replicaIdentity: boolean;
  /** CLUSTER marker (ALTER TABLE … CLUSTER ON). */
  clustered: boolean;
  comment: string | null;
  /** Null: the database's default tablespace. */
  tablespace: string | null;
  /** Storage parameters as "name=value". */
  storage: string[];
  /** Per-column statistics targets (expression columns), by index column number. */
  statistics: Array<{ column: number; target: number }>;
}

export type TableKind = 'table' | 'partitioned' | 'view' | 'materialized-view' | 'foreign-table' | 'other';

export interface CatalogTable {
  schema: string;
  name: string;
  kind: TableKind;
  /** Whether the table is itself a partition of another. */
  isPartition: boolean;
  sizeBytes: number;
  rowEstimate: number;
  /** Column names in order; only for tables the spec names. */
  columns: string[];
  /** Columns with NOT NULL (spec tables only; absent in older snapshots). */
  notNull?: string[];
  /** A partitioned spec table: its partition key columns (null when the key has an expression). */
  partitionKey?: string[] | null;
  /** A partitioned spec table: every descendant, top-down (sub-partitions after their parent). */
  partitions?: PartitionNode[];
}

/** One partition (or sub-partitioned table) below a partitioned spec table. */
export interface PartitionNode {
  schema: string;
  name: string;
  /** "schema.name" of the table it is a partition of. */
  parent: string;
  kind: TableKind;
  sizeBytes: number;
  /** For a sub-partitioned table: its own partition key (null with an expression). */
  partitionKey?: string[] | null;
}

/** A relation that is not a table but shares the table/index namespace (sequence, view, index on another table...). */
export interface OtherRelation {
  schema: string;
  name: string;
  kind: string;
}

/** A CREATE INDEX / REINDEX another session is running now (pg_stat_progress_create_index). */
export interface BuildInProgress {
  pid: number;
  schema: string | null;
  table: string | null;
  index: string | null;
  command: string;
  phase: string;
}

/** A spec index after PostgreSQL normalised it (built on an empty temporary copy of its table). */
export interface NormalisedSpecIndex {
  schema: string;
  name: string;
  shape?: IndexShape;
  /** PostgreSQL's message when the definition is not accepted (unknown column, non-IMMUTABLE function...). */
  error?: string;
  /**
   * PostgreSQL 17+: user functions the index calls (SQL, PL/pgSQL, ...) that
   * have no SET search_path. Builds run them with search_path = pg_catalog,
   * pg_temp, so an unqualified name inside one fails the build.
   */
  searchPathFunctions?: string[];
}

export interface IndexSnapshot {
  serverVersionNum: number;
  /** Schemas the snapshot covers. */
  schemas: string[];
  /** Every table-like relation of those schemas (columns filled for the spec's tables). */
  tables: CatalogTable[];
  /** Every index of the spec's tables. */
  indexes: CatalogIndex[];
  /** Other relation names of those schemas, for name collisions. */
  otherRelations: OtherRelation[];
  inProgress: BuildInProgress[];
  specIndexes: NormalisedSpecIndex[];
}
