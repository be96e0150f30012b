import type { Node } from 'yaml';
import { byteLength, parseDuration } from '../util/text.js';
import * as K from './keys.js';
import { DEFAULT_BUDGETS, INDEX_METHODS, type Budgets, type ClaimedTable, type DatabaseSpec, type IndexColumnSpec, type IndexSpec, type PoolSpec, type QueryParam, type QuerySpec } from './types.js';
import type { Entry, Walker } from './yaml-walk.js';

/** A SQL fragment to check with the PostgreSQL parser once the structure is valid. */
export interface PendingFragment {
  kind: 'expression' | 'where';
  text: string;
  node: Node | null;
  path: string;
  /** Receives the fragment rebuilt from its parse tree. */
  accept(normalised: string): void;
}

export interface RawSpec {
  database: DatabaseSpec;
  databaseUrlNode?: Entry;
  pool: PoolSpec;
  defaults: { schema: string };
  indexes: Array<Omit<IndexSpec, 'name' | 'nameGiven'> & { name?: string; nameNode?: Node | null; node: unknown }>;
  queries: QuerySpec[];
  budgets: Budgets;
  prune: boolean;
  tables: ClaimedTable[];
}

const MAX_IDENTIFIER_BYTES = 63;

export function validateStructure(w: Walker, root: unknown): { spec: RawSpec; fragments: PendingFragment[] } {
  const fragments: PendingFragment[] = [];
  const spec: RawSpec = {
    database: { embedded: false },
    pool: {},
    defaults: { schema: 'public' },
    indexes: [],
    queries: [],
    budgets: { ...DEFAULT_BUDGETS },
    prune: false,
    tables: [],
  };
  if (root === null || root === undefined) {
    w.add(root, '', 'the spec is empty; it needs at least "version: 1"');
    return { spec, fragments };
  }
  const top = w.map(root, '', K.TOP_KEYS);
  if (!top) return { spec, fragments };

  const version = top.get('version');
  if (!version) w.add(root, 'version', 'missing "version: 1"');
  else if (w.scalar(version.value) !== 1) w.add(version.value, 'version', 'only spec version 1 is supported');

  const database = top.get('database');
  if (database) readDatabase(w, database, spec);
  const pool = top.get('pool');
  if (pool) spec.pool = readPool(w, pool);
  const defaults = top.get('defaults');
  if (defaults) {
    const entries = w.map(defaults.value, 'defaults', K.DEFAULTS_KEYS);
    const schema = entries?.get('schema');
    if (schema) spec.defaults.schema = identifier(w, schema) ?? spec.defaults.schema;
  }
  const budgets = top.get('budgets');
  if (budgets) readBudgets(w, budgets, spec.budgets);
  const prune = top.get('prune');
  if (prune) spec.prune = w.boolean(prune) ?? false;
  const tables = top.get('tables');
  const tableItems = tables && tables.value !== null ? w.seq(tables.value, 'tables') : [];
  tableItems?.forEach((item, i) => {
    const claimed = readClaimedTable(w, item, `tables[${i}]`, spec.defaults.schema);
    if (claimed) spec.tables.push(claimed);
  });

  const indexes = top.get('indexes');
  const items = indexes && indexes.value !== null ? w.seq(indexes.value, 'indexes') : [];
  items?.forEach((item, i) => {
    const index = readIndex(w, item, `indexes[${i}]`, spec.defaults.schema, fragments);
    if (index) spec.indexes.push(index);
  });

  const queries = top.get('queries');
  const queryItems = queries && queries.value !== null ? w.seq(queries.value, 'queries') : [];
  const queryNames = new Set<string>();
  queryItems?.forEach((item, i) => {
    const query = readQuery(w, item, `queries[${i}]`);
    if (!query) return;
    if (queryNames.has(query.name)) w.add(item, `queries[${i}].name`, `duplicate query name "${query.name}"`);
    queryNames.add(query.name);
    spec.queries.push(query);
  });
  return { spec, fragments };
}

function readDatabase(w: Walker, entry: Entry, spec: RawSpec): void {
  const scalar = w.scalar(entry.value);
  if (typeof scalar === 'string') {
    if (scalar === 'embedded') spec.database.embedded = true;
    else w.add(entry.value, 'database', 'expected "embedded" or a mapping with "url"');
    return;
  }
  const entries = w.map(entry.value, 'database', K.DATABASE_KEYS);
  const url = entries?.get('url');
  if (url) {
    const value = w.string(url);
    if (value !== undefined) {
      spec.database.url = value;
      spec.database.urlPos = w.pos(url.value);
      spec.databaseUrlNode = url;
    }
  }
  const embedded = entries?.get('embedded');
  if (embedded) spec.database.embedded = w.boolean(embedded) ?? false;
}

function readPool(w: Walker, entry: Entry): PoolSpec {
  const pool: PoolSpec = {};
  const entries = w.map(entry.value, 'pool', K.POOL_KEYS);
  if (!entries) return pool;
  const int = (key: string, min: number, max: number) => {
    const e = entries.get(key);
    return e ? w.number(e, { integer: true, min, max }) : undefined;
  };
  const duration = (key: string) => {
    const e = entries.get(key);
    if (!e) return undefined;
    const raw = w.scalar(e.value);
    const ms = typeof raw === 'string' || typeof raw === 'number' ? parseDuration(raw) : undefined;
    if (ms === undefined) w.add(e.value, e.path, `expected a duration such as 500ms, 30s, 5m or 1h, got ${JSON.stringify(raw)}`);
    return ms;
  };
  pool.size = int('size', 1, 1000);
  pool.maxOverflow = int('max_overflow', 0, 1000);
  pool.timeout = duration('timeout');
  pool.queryTimeout = duration('query_timeout');
  pool.recycle = duration('recycle');
  pool.lockTimeout = duration('lock_timeout');
  pool.idleInTransactionTimeout = duration('idle_in_transaction_timeout');
  pool.connectTimeout = duration('connect_timeout');
  return Object.fromEntries(Object.entries(pool).filter(([, v]) => v !== undefined)) as PoolSpec;
}

function readBudgets(w: Walker, entry: Entry, budgets: Budgets): void {
  const entries = w.map(entry.value, 'budgets', K.BUDGET_KEYS);
  if (!entries) return;
  const ratios = new Set(['slow_query_share', 'cache_hit_ratio', 'pool_usage', 'index_coverage']);
  for (const [key, e] of entries) {
    const value = key.endsWith('_ms') ? w.milliseconds(e) : w.number(e, ratios.has(key) ? { min: 0, max: 1 } : { min: 0 });
    if (value !== undefined) budgets[key as keyof Budgets] = value;
  }
}

function identifier(w: Walker, entry: Entry): string | undefined {
  const value = w.string(entry);
  if (value === undefined) return undefined;
  if (byteLength(value) > MAX_IDENTIFIER_BYTES) {
    w.add(entry.value, entry.path, `"${value}" is ${byteLength(value)} bytes; PostgreSQL identifiers are at most ${MAX_IDENTIFIER_BYTES} bytes (it would silently truncate it)`);
    return undefined;
  }
  if (value.includes('\0')) {
    w.add(entry.value, entry.path, 'identifiers cannot contain a NUL character');
    return undefined;
  }
  return value;
}

/** `orders`, `audit.events`, `audit.*` (the whole schema), or `{ schema, table }` for names with a dot. */
function readClaimedTable(w: Walker, node: unknown, path: string, defaultSchema: string): ClaimedTable | undefined {
  const pos = w.pos(node);
  const text = w.scalar(node);
  if (typeof text === 'string') {
    const dot = text.indexOf('.');
    const schema = dot >= 0 ? text.slice(0, dot) : defaultSchema;
    const table = dot >= 0 ? text.slice(dot + 1) : text;
    if (!schema || !table || table.includes('.')) {
      w.add(node, path, `"${text}" is not a table name: write table, schema.table or schema.* (use { schema: ..., table: ... } for a name with a dot)`);
      return undefined;
    }
    return { schema, table: table === '*' ? null : table, pos };
  }
  const entries = w.map(node, path, K.TABLE_KEYS);
  if (!entries) return undefined;
  const table = entries.get('table');
  if (!table) {
    w.add(node, `${path}.table`, 'missing "table" (write "*" for every table of the schema)');
    return undefined;
  }
  const schema = entries.get('schema');
  const name = identifier(w, table);
  const schemaName = schema ? identifier(w, schema) : defaultSchema;
  if (name === undefined || schemaName === undefined) return undefined;
  return { schema: schemaName, table: name === '*' ? null : name, pos };
}

function readIndex(w: Walker, node: unknown, path: string, defaultSchema: string, fragments: PendingFragment[]): RawSpec['indexes'][number] | undefined {
  const entries = w.map(node, path, K.INDEX_KEYS);
  if (!entries) return undefined;
  const start = w.problems.length;
  const table = entries.get('table');
  if (!table) w.add(node, `${path}.table`, 'missing "table"');
  const index: RawSpec['indexes'][number] = {
    schema: defaultSchema,
    table: table ? identifier(w, table) ?? '' : '',
    using: 'btree',
    columns: [],
    include: [],
    unique: false,
    nullsNotDistinct: false,
    pos: w.pos(node),
    node,
  };
  const name = entries.get('name');
  if (name) {
    index.name = identifier(w, name);
    index.nameNode = name.value;
  }
  const schema = entries.get('schema');
  if (schema) index.schema = identifier(w, schema) ?? defaultSchema;
  const using = entries.get('using');
  if (using) index.using = w.choice(using, INDEX_METHODS) ?? 'btree';
  const unique = entries.get('unique');
  if (unique) index.unique = w.boolean(unique) ?? false;
  const nnd = entries.get('nulls_not_distinct');
  if (nnd) index.nullsNotDistinct = w.boolean(nnd) ?? false;

  const columns = entries.get('columns');
  if (!columns) w.add(node, `${path}.columns`, 'missing "columns": an index needs at least one column or expression');
  else {
    const items = w.seq(columns.value, columns.path);
    if (items && items.length === 0) w.add(columns.value, columns.path, 'an index needs at least one column or expression');
    items?.forEach((item, i) => {
      const column = readColumn(w, item, `${columns.path}[${i}]`, index.using, fragments);
      if (column) index.columns.push(column);
    });
  }
  const include = entries.get('include');
  if (include) {
    const items = w.seq(include.value, include.path);
    items?.forEach((item, i) => {
      const value = identifier(w, { key: include.key, value: item as Node, path: `${include.path}[${i}]` });
      if (value !== undefined) index.include.push(value);
    });
    if (index.include.length && !['btree', 'gist', 'spgist'].includes(index.using)) {
      w.add(include.key, include.path, `"${index.using}" indexes do not support INCLUDE columns (only btree, gist and spgist do)`);
    }
  }
  const where = entries.get('where');
  if (where) {
    const text = w.string(where);
    if (text !== undefined) {
      fragments.push({ kind: 'where', text, node: where.value, path: where.path, accept: (sql) => (index.where = sql) });
    }
  }
  if (index.unique && index.using !== 'btree') w.add(unique?.value, `${path}.unique`, `unique indexes must use btree, not ${index.using}`);
  if (index.nullsNotDistinct && !index.unique) w.add(nnd?.value, `${path}.nulls_not_distinct`, 'nulls_not_distinct only applies to unique indexes');
  return w.problems.length === start ? index : undefined;
}

function readColumn(w: Walker, node: unknown, path: string, using: string, fragments: PendingFragment[]): IndexColumnSpec | undefined {
  const scalar = w.scalar(node);
  if (typeof scalar === 'string') {
    const name = identifier(w, { key: node as Node, value: node as Node, path });
    return name === undefined ? undefined : { column: name };
  }
  const entries = w.map(node, path, K.COLUMN_KEYS);
  if (!entries) return undefined;
  const column: IndexColumnSpec = {};
  const plain = entries.get('column');
  const expression = entries.get('expression');
  if (plain && expression) w.add(node, path, 'give either "column" or "expression", not both');
  else if (!plain && !expression) w.add(node, path, 'needs "column" (a column name) or "expression" (SQL)');
  if (plain) column.column = identifier(w, plain);
  if (expression && !plain) {
    const text = w.string(expression);
    if (text !== undefined) {
      column.expression = text;
      fragments.push({ kind: 'expression', text, node: expression.value, path: expression.path, accept: (sql) => (column.expression = sql) });
    }
  }
  const order = entries.get('order');
  const nulls = entries.get('nulls');
  if ((order || nulls) && using !== 'btree') w.add(order?.key ?? nulls?.key, path, `"${using}" indexes have no ordering; order and nulls apply to btree only`);
  if (order) column.order = w.choice(order, ['asc', 'desc'] as const);
  if (nulls) column.nulls = w.choice(nulls, ['first', 'last'] as const);
  const opclass = entries.get('opclass');
  if (opclass) column.opclass = identifier(w, opclass);
  const collate = entries.get('collate');
  if (collate) column.collate = identifier(w, collate);
  return column;
}

function readQuery(w: Walker, node: unknown, path: string): QuerySpec | undefined {
  const entries = w.map(node, path, K.QUERY_KEYS);
  if (!entries) return undefined;
  const start = w.problems.length;
  const name = entries.get('name');
  const sql = entries.get('sql');
  if (!name) w.add(node, `${path}.name`, 'missing "name"');
  if (!sql) w.add(node, `${path}.sql`, 'missing "sql"');
  const query: QuerySpec = { name: name ? w.string(name) ?? '' : '', sql: sql ? w.string(sql) ?? '' : '', params: [], expect: {}, pos: w.pos(node) };
  const params = entries.get('params');
  if (params) {
    w.seq(params.value, params.path)?.forEach((item, i) => {
      const value = w.scalar(item);
      if (value === undefined || (typeof value === 'object' && value !== null)) w.add(item, `${params.path}[${i}]`, 'parameters must be strings, numbers, booleans or null');
      else query.params.push(value as QueryParam);
    });
  }
  const expect = entries.get('expect');
  if (expect) {
    const e = w.map(expect.value, expect.path, K.EXPECT_KEYS);
    const usesIndex = e?.get('uses_index');
    if (usesIndex) {
      const value = w.scalar(usesIndex.value);
      if (typeof value === 'boolean' || (typeof value === 'string' && value !== '')) query.expect.uses_index = value;
      else w.add(usesIndex.value, usesIndex.path, 'expected an index name or true');
    }
    const noSeq = e?.get('no_seq_scan');
    if (noSeq) query.expect.no_seq_scan = w.boolean(noSeq);
    for (const key of ['seq_scan_max_rows', 'max_cost'] as const) {
      const entry = e?.get(key);
      if (entry) query.expect[key] = w.number(entry, { min: 0, integer: key === 'seq_scan_max_rows' });
    }
    const maxMs = e?.get('max_ms');
    if (maxMs) query.expect.max_ms = w.milliseconds(maxMs);
    const ratio = e?.get('max_rows_removed_ratio');
    if (ratio) query.expect.max_rows_removed_ratio = w.number(ratio, { min: 0, max: 1 });
  }
  return w.problems.length === start ? query : undefined;
}
