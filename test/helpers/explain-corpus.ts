import type pg from 'pg';

/**
 * The explain corpus: a schema and one query for every plan shape perfctl must
 * read right. test/integration/explain-corpus.test.ts runs each query on the
 * test server in the four EXPLAIN formats (and writes them under
 * test/fixtures/explain/corpus/pgNN/ with PERFCTL_WRITE_EXPLAIN_CORPUS=1);
 * test/unit/explain/corpus.test.ts re-reads the committed files.
 *
 * `findings` lists the rules the plan must raise, nothing more: the healthy
 * shapes must raise none.
 */
export interface CorpusQuery {
  name: string;
  sql: string;
  /** SET commands run first (the statement runs in a transaction that is rolled back). */
  settings?: string[];
  findings: string[];
  /** Oldest major with this shape (e.g. WindowAgg Run Condition in 15). */
  since?: number;
  /** EXPLAIN VERBOSE as well: per-worker lines, Output lists, schema-qualified names. */
  verbose?: boolean;
}

export const CORPUS_SETUP = [
  `
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, country text NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO customers SELECT i, 'customer ' || i, (ARRAY['FR','DE','US','JP','BR'])[1 + i % 5], timestamptz '2024-01-01' + i * interval '13 minutes'
  FROM generate_series(1, 20000) i;
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, status text NOT NULL, total numeric NOT NULL,
  created_at timestamptz NOT NULL, note text NOT NULL);
INSERT INTO orders SELECT i, 1 + (i * 7919) % 20000, (ARRAY['new','paid','shipped','done'])[1 + i % 4], (i % 997) + 0.5,
  timestamptz '2024-01-01' + i * interval '2 minutes', md5(i::text) FROM generate_series(1, 200000) i;
CREATE INDEX orders_created_at ON orders (created_at);
CREATE INDEX customers_country ON customers (country);
CREATE INDEX customers_created_at ON customers (created_at);
CREATE TABLE events (id int NOT NULL, at date NOT NULL, kind text NOT NULL, payload int NOT NULL) PARTITION BY RANGE (at);
DO $$ BEGIN FOR m IN 1..12 LOOP
  EXECUTE format('CREATE TABLE events_%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)', m, make_date(2024, m, 1), make_date(2024, m, 1) + interval '1 month');
END LOOP; END $$;
INSERT INTO events SELECT i, date '2024-01-01' + (i % 366), (ARRAY['click','view','buy'])[1 + i % 3], i % 5000 FROM generate_series(1, 96000) i;
CREATE TABLE tags (id int PRIMARY KEY, label text NOT NULL);
INSERT INTO tags SELECT i, 'tag ' || i FROM generate_series(1, 5000) i;
CREATE TABLE order_log (order_id int NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE FUNCTION log_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO order_log (order_id) VALUES (NEW.id); RETURN NEW; END $$;
CREATE TRIGGER orders_log AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION log_order();
`,
  'VACUUM ANALYZE customers, orders, events, tags, order_log',
  // The first page of tags no longer all-visible: an index-only scan visits the heap for its rows only.
  "UPDATE tags SET label = label || '!' WHERE id <= 20",
];

const PARALLEL = ['SET parallel_setup_cost = 0', 'SET parallel_tuple_cost = 0', 'SET min_parallel_table_scan_size = 0', 'SET max_parallel_workers_per_gather = 2'];
const SMALL_MEMORY = ["SET work_mem = '64kB'", 'SET hash_mem_multiplier = 1'];
const NO_HASH = ['SET enable_hashjoin = off', 'SET enable_mergejoin = off'];
/** Healthy shapes stay far from work_mem, so no run spills by chance. */
const ROOMY = ["SET work_mem = '32MB'"];

export const CORPUS_QUERIES: CorpusQuery[] = [
  // Healthy shapes: no finding on any of them.
  { name: 'pk-lookup', sql: 'SELECT * FROM customers WHERE id = 42', findings: [] },
  { name: 'cte-twice', verbose: true, sql: 'WITH c AS MATERIALIZED (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id) SELECT a.customer_id, b.n FROM c a JOIN c b ON b.customer_id = a.customer_id + 1', findings: [] },
  { name: 'cte-under-limit', sql: 'WITH c AS MATERIALIZED (SELECT * FROM orders WHERE id <= 20000) SELECT * FROM c LIMIT 5', findings: [] },
  { name: 'initplan', sql: 'SELECT * FROM orders WHERE created_at = (SELECT max(created_at) FROM orders)', findings: [] },
  { name: 'parallel-agg', verbose: true, sql: 'SELECT status, count(*) FROM orders GROUP BY status', settings: PARALLEL, findings: [] },
  { name: 'partition-runtime-pruning', sql: "SELECT count(*) FROM events WHERE at >= (SELECT date '2024-11-01')", findings: [] },
  {
    name: 'partition-startup-pruning',
    sql: "EXECUTE events_since('2024-11-01')",
    settings: ['DEALLOCATE ALL', 'PREPARE events_since(date) AS SELECT count(*) FROM events WHERE at >= $1', 'SET plan_cache_mode = force_generic_plan'],
    findings: [],
  },
  { name: 'memoize', sql: 'SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id % 50 + 1 WHERE o.id <= 3000', settings: NO_HASH, findings: [] },
  { name: 'incremental-sort', sql: 'SELECT * FROM orders ORDER BY created_at, total LIMIT 100', findings: [] },
  { name: 'semi-join', sql: "SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'paid')", findings: [] },
  { name: 'anti-join', settings: ROOMY, sql: 'SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)', findings: [] },
  { name: 'exists-subplan', sql: 'SELECT c.id, EXISTS (SELECT 1 FROM orders o WHERE o.created_at > c.created_at) FROM customers c WHERE c.id <= 200', findings: [] },
  { name: 'window-run-condition', sql: 'SELECT * FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS rn FROM orders) s WHERE rn <= 10', findings: [], since: 15 },
  { name: 'merge-join-early', sql: 'SELECT count(*) FROM customers c JOIN orders o ON o.id = c.id', settings: ['SET enable_hashjoin = off', 'SET enable_nestloop = off'], findings: [] },
  { name: 'empty-hash', sql: "SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.country = 'XX'", settings: ['SET enable_nestloop = off', 'SET enable_mergejoin = off'], findings: [] },
  { name: 'bitmap-or', sql: "SELECT count(*) FROM orders WHERE id < 2000 OR created_at > timestamptz '2024-09-01'", findings: [] },
  { name: 'index-only-loops', sql: 'SELECT count(t.id) FROM customers c JOIN tags t ON t.id = c.id WHERE c.id <= 3000', settings: NO_HASH, findings: [] },
  { name: 'sort-on-aggregate', settings: ROOMY, sql: 'SELECT customer_id, sum(total) AS s FROM orders GROUP BY customer_id ORDER BY s DESC LIMIT 10', findings: [] },
  { name: 'trigger-insert', verbose: true, sql: "INSERT INTO orders VALUES (200001, 1, 'new', 1, now(), 'x'), (200002, 2, 'new', 1, now(), 'y')", findings: [] },
  { name: 'gather-merge', sql: 'SELECT id, total FROM orders WHERE id <= 30000 ORDER BY id', settings: [...PARALLEL, ...ROOMY, 'SET enable_indexscan = off', 'SET enable_bitmapscan = off'], findings: [] },
  { name: 'union-values', sql: "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(id, t) UNION ALL SELECT id, label FROM tags WHERE id < 3", findings: [] },
  // Problem shapes: each must raise these rules, and nothing else.
  { name: 'seq-scan-equality', sql: "SELECT * FROM orders WHERE note = 'c4ca4238a0b923820dcc509a6f75849b'", findings: ['seq-scan-filter'] },
  { name: 'seq-scan-regex', sql: "SELECT * FROM orders WHERE note ~ '.*abc.*'", findings: ['seq-scan-filter'] },
  { name: 'seq-scan-function', sql: "SELECT * FROM orders WHERE upper(note) = 'C4CA4238A0B923820DCC509A6F75849B'", findings: ['seq-scan-filter'] },
  { name: 'hash-spill', sql: 'SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id', settings: [...SMALL_MEMORY, 'SET enable_mergejoin = off'], findings: ['hash-batches'] },
  { name: 'sort-spill', sql: 'SELECT * FROM orders ORDER BY note', settings: SMALL_MEMORY, findings: ['disk-sort'] },
  { name: 'hashagg-spill', sql: 'SELECT note, count(*) FROM orders GROUP BY note', settings: [...SMALL_MEMORY, 'SET enable_sort = off'], findings: ['hash-agg-spill'] },
  { name: 'worker-sort-spill', verbose: true, sql: 'SELECT * FROM orders ORDER BY note', settings: [...PARALLEL, ...SMALL_MEMORY], findings: ['disk-sort'] },
  { name: 'partition-discards', sql: 'SELECT * FROM events WHERE payload = 4242', findings: ['seq-scan-filter'] },
  { name: 'join-filter', sql: 'SELECT count(*) FROM customers c JOIN orders o ON abs(o.customer_id - c.id) = 0 WHERE c.id <= 12', settings: ['SET enable_hashjoin = off', 'SET enable_mergejoin = off'], findings: ['join-filter'] },
  { name: 'join-unindexed-fk', sql: "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name = 'customer 77'", findings: ['join-seq-scan', 'seq-scan-filter'] },
  { name: 'sort-limit', sql: 'SELECT * FROM orders ORDER BY total DESC LIMIT 10', findings: ['no-index-on-sort'] },
];

export const EXPLAIN_FORMATS = ['text', 'json', 'yaml', 'xml'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

/** The EXPLAIN of one corpus query in one format, exactly as the server printed it (text: one line per row). */
export async function explainCorpusQuery(client: pg.Client, query: CorpusQuery, format: ExplainFormat): Promise<string> {
  const options = ['ANALYZE', 'BUFFERS', 'SETTINGS', query.sql.startsWith('INSERT') ? 'WAL' : undefined, query.verbose ? 'VERBOSE' : undefined, `FORMAT ${format.toUpperCase()}`].filter(Boolean);
  await client.query('BEGIN');
  try {
    for (const setting of query.settings ?? []) await client.query(setting);
    // As the server printed it: FORMAT JSON comes back as a json value, which the driver would parse.
    const { rows } = await client.query<Record<string, string>>({ text: `EXPLAIN (${options.join(', ')}) ${query.sql}`, types: { getTypeParser: () => (value: string) => value } as never });
    return rows.map((r) => String(r['QUERY PLAN'])).join('\n');
  } finally {
    await client.query('ROLLBACK');
  }
}
