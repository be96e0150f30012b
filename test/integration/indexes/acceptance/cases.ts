import type { AcceptanceCase } from './harness.js';

const T = 'CREATE TABLE t (id int PRIMARY KEY, a int, b text, c date, d jsonb); INSERT INTO t SELECT g, g % 10, md5(g::text), DATE \'2026-01-01\' + g % 30, jsonb_build_object(\'k\', g) FROM generate_series(1, 500) g;';

export const CASES: AcceptanceCase[] = [
  {
    name: 'add an index to a table that has none',
    seed: 'CREATE TABLE plain (a int, b int)',
    spec: 'indexes:\n  - { name: plain_a, table: plain, columns: [a] }',
    expect: ['CREATE INDEX plain_a ON s.plain USING btree (a)'],
  },
  {
    name: 'order, nulls placement, INCLUDE and a predicate',
    seed: T,
    spec: 'indexes:\n  - { name: t_mix, table: t, columns: [{ column: a, order: desc, nulls: first }, c], include: [b], where: "a > 2" }',
    expect: ['CREATE INDEX t_mix ON s.t USING btree (a DESC, c) INCLUDE (b) WHERE (a > 2)', 'CREATE UNIQUE INDEX t_pkey ON s.t USING btree (id)'],
  },
  {
    name: 'expression, gin, brin and hash indexes',
    seed: T,
    spec: `indexes:
  - { name: t_lower_b, table: t, columns: [{ expression: "lower(b)" }] }
  - { name: t_d_gin, table: t, using: gin, columns: [{ column: d, opclass: jsonb_path_ops }] }
  - { name: t_c_brin, table: t, using: brin, columns: [c] }
  - { name: t_b_hash, table: t, using: hash, columns: [b] }`,
  },
  {
    name: 'a legacy name with the same definition is renamed, not rebuilt',
    seed: `${T} CREATE INDEX legacy ON t (lower(b) text_ops) WHERE a <> 3;`,
    spec: 'indexes:\n  - { name: t_lower_b, table: t, columns: [{ expression: "lower(b)" }], where: "a <> 3" }',
    expect: ["CREATE INDEX t_lower_b ON s.t USING btree (lower(b)) WHERE (a <> 3)", 'CREATE UNIQUE INDEX t_pkey ON s.t USING btree (id)'],
  },
  {
    name: 'changed columns, opclass and collation are replaced',
    seed: `${T} CREATE INDEX t_b ON t (b); CREATE INDEX t_a ON t (a);`,
    spec: 'indexes:\n  - { name: t_b, table: t, columns: [{ column: b, opclass: text_pattern_ops }] }\n  - { name: t_a, table: t, columns: [a, { column: b, collate: C }] }',
    expect: ['CREATE INDEX t_a ON s.t USING btree (a, b COLLATE "C")', 'CREATE INDEX t_b ON s.t USING btree (b text_pattern_ops)', 'CREATE UNIQUE INDEX t_pkey ON s.t USING btree (id)'],
  },
  {
    name: 'uniqueness added, then NULLS NOT DISTINCT',
    seed: `${T} CREATE INDEX t_id_a ON t (id, a);`,
    spec: 'indexes:\n  - { name: t_id_a, table: t, columns: [id, a], unique: true, nulls_not_distinct: true }',
    expect: ['CREATE UNIQUE INDEX t_id_a ON s.t USING btree (id, a) NULLS NOT DISTINCT', 'CREATE UNIQUE INDEX t_pkey ON s.t USING btree (id)'],
  },
  {
    name: 'two indexes swap definitions',
    seed: `${T} CREATE INDEX t_x ON t (a); CREATE INDEX t_y ON t (c);`,
    spec: 'indexes:\n  - { name: t_x, table: t, columns: [c] }\n  - { name: t_y, table: t, columns: [a] }',
    expect: ['CREATE INDEX t_x ON s.t USING btree (c)', 'CREATE INDEX t_y ON s.t USING btree (a)', 'CREATE UNIQUE INDEX t_pkey ON s.t USING btree (id)'],
  },
  {
    name: 'awkward identifiers are quoted everywhere',
    seed: 'CREATE TABLE "Mixed Case" ("Col A" int, "b""q" text); CREATE INDEX "old ""idx""" ON "Mixed Case" ("Col A");',
    spec: 'indexes:\n  - { name: "New Idx", table: "Mixed Case", columns: ["Col A", "b\\"q"] }\n  - { name: "old \\"idx\\"", table: "Mixed Case", columns: ["b\\"q"] }',
  },
  {
    name: 'the last index of a claimed table is pruned',
    seed: `${T} CREATE INDEX t_a ON t (a); CREATE INDEX t_c ON t (c);`,
    spec: 'tables: [t]\nindexes: []',
    prune: true,
    expect: ['CREATE UNIQUE INDEX t_pkey ON s.t USING btree (id)'],
  },
  {
    name: 'a materialized view loses its last index, another table keeps its own',
    seed: `${T} CREATE MATERIALIZED VIEW mv AS SELECT a, count(*) AS n FROM t GROUP BY a; CREATE INDEX mv_a ON mv (a); CREATE INDEX t_a ON t (a);`,
    spec: 'tables: [mv]\nindexes:\n  - { name: t_a, table: t, columns: [a] }',
    prune: true,
    expect: ['CREATE INDEX t_a ON s.t USING btree (a)', 'CREATE UNIQUE INDEX t_pkey ON s.t USING btree (id)'],
  },
  {
    name: 'replica identity survives a replace',
    seed: 'CREATE TABLE r (id int NOT NULL, k int NOT NULL, v text); CREATE UNIQUE INDEX r_key ON r (id); ALTER TABLE r REPLICA IDENTITY USING INDEX r_key; INSERT INTO r VALUES (1, 1, \'x\');',
    spec: 'indexes:\n  - { name: r_key, table: r, columns: [id, k], unique: true }',
    after: "UPDATE r SET v = 'y' WHERE id = 1; DO $$ BEGIN IF (SELECT relreplident FROM pg_class WHERE oid = 'r'::regclass) <> 'i' OR NOT (SELECT indisreplident FROM pg_index WHERE indexrelid = 'r_key'::regclass) THEN RAISE 'replica identity lost'; END IF; END $$;",
  },
  {
    name: 'a unique index a foreign key references is not replaced',
    seed: 'CREATE TABLE p (id int PRIMARY KEY, code text NOT NULL); CREATE UNIQUE INDEX p_code ON p (code); CREATE TABLE ch (code text REFERENCES p (code));',
    spec: 'indexes:\n  - { name: p_code, table: p, columns: [code, id], unique: true }',
    refuse: 'referenced by the foreign key ch_code_fkey',
  },
  {
    name: 'a unique index a foreign key references is kept by a prune',
    seed: 'CREATE TABLE p (id int PRIMARY KEY, code text NOT NULL); CREATE UNIQUE INDEX p_code ON p (code); CREATE TABLE ch (code text REFERENCES p (code));',
    spec: 'tables: [p]',
    prune: true,
    expect: ['CREATE UNIQUE INDEX p_code ON s.p USING btree (code)', 'CREATE UNIQUE INDEX p_pkey ON s.p USING btree (id)'],
  },
  {
    name: 'an index added to a partitioned table with sub-partitions',
    seed: `CREATE TABLE ev (id int, r text NOT NULL, at date NOT NULL) PARTITION BY LIST (r);
      CREATE TABLE ev_a PARTITION OF ev FOR VALUES IN ('a') PARTITION BY RANGE (at);
      CREATE TABLE ev_a1 PARTITION OF ev_a FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
      CREATE TABLE ev_a2 PARTITION OF ev_a FOR VALUES FROM ('2026-07-01') TO ('2027-01-01');
      CREATE TABLE ev_b PARTITION OF ev FOR VALUES IN ('b');
      INSERT INTO ev SELECT g, 'a', DATE '2026-01-01' + g % 360 FROM generate_series(1, 400) g;`,
    spec: 'indexes:\n  - { name: ev_at, table: ev, columns: [at] }',
    expect: [
      'CREATE INDEX ev_a1_ev_at ON s.ev_a1 USING btree (at)',
      'CREATE INDEX ev_a2_ev_at ON s.ev_a2 USING btree (at)',
      'CREATE INDEX ev_a_ev_at ON ONLY s.ev_a USING btree (at)',
      'CREATE INDEX ev_at ON ONLY s.ev USING btree (at)',
      'CREATE INDEX ev_b_ev_at ON s.ev_b USING btree (at)',
    ],
  },
  {
    name: 'a partition that already has the index gets it attached, not rebuilt',
    seed: `CREATE TABLE ev (id int, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
      CREATE TABLE ev_2 PARTITION OF ev FOR VALUES FROM ('2026-07-01') TO ('2027-01-01');
      CREATE INDEX mine ON ev_1 (id);`,
    spec: 'indexes:\n  - { name: ev_id, table: ev, columns: [id] }',
    expect: ['CREATE INDEX ev_2_ev_id ON s.ev_2 USING btree (id)', 'CREATE INDEX ev_id ON ONLY s.ev USING btree (id)', 'CREATE INDEX mine ON s.ev_1 USING btree (id)'],
  },
  {
    name: 'a partitioned index is pruned with its attached indexes',
    seed: `CREATE TABLE ev (id int, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
      CREATE INDEX ev_id ON ev (id); CREATE INDEX ev_at ON ev (at);`,
    spec: 'indexes:\n  - { name: ev_at, table: ev, columns: [at] }',
    prune: true,
    expect: ['CREATE INDEX ev_1_at_idx ON s.ev_1 USING btree (at)', 'CREATE INDEX ev_at ON ONLY s.ev USING btree (at)'],
  },
  {
    name: 'an index attached to a partitioned index is not changed on its own',
    seed: `CREATE TABLE ev (id int, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
      CREATE INDEX ev_id ON ev (id);`,
    spec: 'indexes:\n  - { name: ev_1_id_idx, table: ev_1, columns: [id, at] }',
    refuse: 'attached to the partitioned index',
  },
  {
    name: 'a unique index without the partition key is a spec error',
    seed: 'CREATE TABLE ev (id int, at date NOT NULL) PARTITION BY RANGE (at); CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM (\'2026-01-01\') TO (\'2026-07-01\');',
    spec: 'indexes:\n  - { name: ev_id, table: ev, columns: [id], unique: true }',
    refuse: 'must include the partition key: add at',
  },
  {
    name: 'a unique index with the partition key is built and attached',
    seed: 'CREATE TABLE ev (id int, at date NOT NULL) PARTITION BY RANGE (at); CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM (\'2026-01-01\') TO (\'2026-07-01\');',
    spec: 'indexes:\n  - { name: ev_id, table: ev, columns: [id, at], unique: true }',
    expect: ['CREATE UNIQUE INDEX ev_1_ev_id ON s.ev_1 USING btree (id, at)', 'CREATE UNIQUE INDEX ev_id ON ONLY s.ev USING btree (id, at)'],
  },
  {
    name: 'a comment and a CLUSTER marker move with a replace',
    seed: `${T} CREATE INDEX t_c ON t (c); COMMENT ON INDEX t_c IS 'by day'; ALTER TABLE t CLUSTER ON t_c;`,
    spec: 'indexes:\n  - { name: t_c, table: t, columns: [c, a] }',
    after: "DO $$ BEGIN IF obj_description('t_c'::regclass, 'pg_class') IS DISTINCT FROM 'by day' OR NOT (SELECT indisclustered FROM pg_index WHERE indexrelid = 't_c'::regclass) THEN RAISE 'not carried'; END IF; END $$;",
  },
  {
    name: 'a partitioned index with another definition is built anew on every partition, then swapped in',
    seed: `CREATE TABLE ev (id int, r text NOT NULL, at date NOT NULL) PARTITION BY LIST (r);
      CREATE TABLE ev_a PARTITION OF ev FOR VALUES IN ('a') PARTITION BY RANGE (at);
      CREATE TABLE ev_a1 PARTITION OF ev_a FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
      CREATE TABLE ev_b PARTITION OF ev FOR VALUES IN ('b');
      INSERT INTO ev SELECT g, 'a', DATE '2026-01-01' + g % 180 FROM generate_series(1, 400) g;
      CREATE INDEX ev_at ON ev (at);`,
    spec: 'indexes:\n  - { name: ev_at, table: ev, columns: [at, id] }',
    allow: ['partitioned-index-replaced'],
    after: `DO $$ BEGIN
      IF pg_get_indexdef('ev_at'::regclass) NOT LIKE '%(at, id)' OR NOT (SELECT indisvalid FROM pg_index WHERE indexrelid = 'ev_at'::regclass)
         OR (SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()) <> 4 THEN RAISE 'not replaced'; END IF; END $$;`,
  },
  {
    name: 'a partitioned index left INVALID by hand is repaired',
    seed: `CREATE TABLE ev (id int, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
      CREATE TABLE ev_2 PARTITION OF ev FOR VALUES FROM ('2026-07-01') TO ('2027-01-01');
      CREATE INDEX ev_id ON ONLY ev (id);`,
    spec: 'indexes:\n  - { name: ev_id, table: ev, columns: [id] }',
    expect: ['CREATE INDEX ev_1_ev_id ON s.ev_1 USING btree (id)', 'CREATE INDEX ev_2_ev_id ON s.ev_2 USING btree (id)', 'CREATE INDEX ev_id ON ONLY s.ev USING btree (id)'],
  },
  {
    name: 'an INVALID index with the spec name is rebuilt',
    seed: `${T} CREATE INDEX t_a ON t (a); UPDATE pg_index SET indisvalid = false WHERE indexrelid = 't_a'::regclass;`,
    spec: 'indexes:\n  - { name: t_a, table: t, columns: [a] }',
    expect: ['CREATE INDEX t_a ON s.t USING btree (a)', 'CREATE UNIQUE INDEX t_pkey ON s.t USING btree (id)'],
  },
];
