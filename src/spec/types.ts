/** The validated, normalised `indexes.yaml`. Every value here has passed validation. */

export const INDEX_METHODS = ['btree', 'hash', 'gist', 'spgist', 'gin', 'brin'] as const;
export type IndexMethod = (typeof INDEX_METHODS)[number];

/** Where something came from in the spec file, for messages and CI annotations. */
export interface SourcePos {
  line: number;
  column: number;
}

export interface IndexColumnSpec {
  /** A plain column name (exact, case-sensitive) ... */
  column?: string;
  /** ... or an expression, normalised from the PostgreSQL parse tree. */
  expression?: string;
  order?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
  opclass?: string;
  collate?: string;
}

export interface IndexSpec {
  /** The name from the spec, or one derived from the definition (stable, ≤ 63 bytes). */
  name: string;
  nameGiven: boolean;
  schema: string;
  table: string;
  using: IndexMethod;
  columns: IndexColumnSpec[];
  include: string[];
  /** Partial-index predicate, normalised from the parse tree. */
  where?: string;
  unique: boolean;
  nullsNotDistinct: boolean;
  pos: SourcePos;
}

/**
 * A table the spec claims: its indexes are perfctl's to manage even when the
 * spec lists none of them, so a prune can remove the last one.
 */
export interface ClaimedTable {
  schema: string;
  /** Null: every table, partition and materialized view of the schema. */
  table: string | null;
  pos: SourcePos;
}

export interface QueryExpectation {
  uses_index?: string | boolean;
  no_seq_scan?: boolean;
  seq_scan_max_rows?: number;
  max_cost?: number;
  max_ms?: number;
  max_rows_removed_ratio?: number;
}

export type QueryParam = string | number | boolean | null;

export interface QuerySpec {
  name: string;
  sql: string;
  params: QueryParam[];
  expect: QueryExpectation;
  pos: SourcePos;
}

export interface PoolSpec {
  size?: number;
  maxOverflow?: number;
  /** Milliseconds. */
  timeout?: number;
  queryTimeout?: number;
  recycle?: number;
  lockTimeout?: number;
  idleInTransactionTimeout?: number;
  connectTimeout?: number;
}

export interface Budgets {
  slow_query_ms: number;
  p95_ms: number;
  slow_query_share: number;
  cache_hit_ratio: number;
  pool_usage: number;
  index_coverage: number;
}

export const DEFAULT_BUDGETS: Budgets = {
  slow_query_ms: 1000,
  p95_ms: 100,
  slow_query_share: 0.01,
  cache_hit_ratio: 0.99,
  pool_usage: 0.8,
  index_coverage: 1.0,
};

export interface DatabaseSpec {
  /** The URL as written, with ${VAR} placeholders; interpolated only when used (src/spec/interpolate.ts). */
  url?: string;
  urlPos?: SourcePos;
  embedded: boolean;
}

export interface Spec {
  /** The path as the user gave it, for messages. */
  file: string;
  version: 1;
  database: DatabaseSpec;
  pool: PoolSpec;
  defaults: { schema: string };
  indexes: IndexSpec[];
  queries: QuerySpec[];
  budgets: Budgets;
  prune: boolean;
  /** Claimed tables (`tables:`), besides those the indexes name. */
  tables: ClaimedTable[];
}
