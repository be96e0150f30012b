/**
 * The keys the spec accepts, in one place: the validator and the shipped JSON
 * Schema (schema/indexes.schema.json) are both checked against these lists.
 */
export const TOP_KEYS = ['version', 'database', 'pool', 'defaults', 'indexes', 'queries', 'budgets', 'prune', 'tables'] as const;
export const TABLE_KEYS = ['schema', 'table'] as const;
export const DATABASE_KEYS = ['url', 'embedded'] as const;
export const POOL_KEYS = [
  'size',
  'max_overflow',
  'timeout',
  'query_timeout',
  'recycle',
  'lock_timeout',
  'idle_in_transaction_timeout',
  'connect_timeout',
] as const;
export const DEFAULTS_KEYS = ['schema'] as const;
export const INDEX_KEYS = ['name', 'schema', 'table', 'using', 'columns', 'include', 'where', 'unique', 'nulls_not_distinct'] as const;
export const COLUMN_KEYS = ['column', 'expression', 'order', 'nulls', 'opclass', 'collate'] as const;
export const QUERY_KEYS = ['name', 'sql', 'params', 'expect'] as const;
export const EXPECT_KEYS = ['uses_index', 'no_seq_scan', 'seq_scan_max_rows', 'max_cost', 'max_ms', 'max_rows_removed_ratio'] as const;
export const BUDGET_KEYS = ['slow_query_ms', 'p95_ms', 'slow_query_share', 'cache_hit_ratio', 'pool_usage', 'index_coverage'] as const;
