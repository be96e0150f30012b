/**
 * A catalog with every kind of index a team has, for the init round trip:
 * awkward identifiers in several schemas, expressions with casts and
 * functions, predicates with IN lists and casts, collations, opclasses
 * (pg_trgm's included), every access method, constraints, duplicates,
 * materialized views. Generated so each case is one line.
 */
export const SCHEMAS = ['public', 'Sales', 'my schema', 'odd.schema', 'ünï', 'select'];

const COLUMNS = `id int NOT NULL, email text, "Name" text, "select" text, "weird ""col""" text, "ünï cödé" text, "a.b" text,
  created_at timestamptz, deleted_at timestamptz, archived boolean, status varchar(20), tags text[], doc jsonb,
  n numeric, price int, geo point, rng int4range, body text, "user" text, "default" int, "current_date" date, "Order" int`;

/** [index DDL with {t} for the table]; each runs on its own table so none is a duplicate of another. */
export const INDEXES: string[] = [
  'CREATE INDEX "plain_email" ON {t} (email)',
  'CREATE INDEX "Multi Col" ON {t} (id, created_at DESC)',
  'CREATE INDEX nulls_first_asc ON {t} (price NULLS FIRST)',
  'CREATE INDEX desc_nulls_last ON {t} (created_at DESC NULLS LAST, id ASC NULLS FIRST)',
  'CREATE INDEX lower_email ON {t} (lower(email))',
  `CREATE INDEX cast_kind ON {t} (((doc ->> 'kind')::int))`,
  `CREATE INDEX day_utc ON {t} (date_trunc('day', created_at AT TIME ZONE 'UTC'))`,
  'CREATE INDEX email_c ON {t} (email COLLATE "C")',
  'CREATE INDEX email_posix_desc ON {t} (email COLLATE "POSIX" DESC)',
  'CREATE INDEX email_pattern ON {t} (email text_pattern_ops)',
  'CREATE INDEX status_pattern ON {t} (status varchar_pattern_ops)',
  'CREATE INDEX trgm_gin ON {t} USING gin (email gin_trgm_ops)',
  'CREATE INDEX trgm_gist ON {t} USING gist (body gist_trgm_ops)',
  'CREATE INDEX doc_path ON {t} USING gin (doc jsonb_path_ops)',
  'CREATE INDEX doc_gin ON {t} USING gin (doc)',
  'CREATE INDEX tags_gin ON {t} USING gin (tags)',
  'CREATE INDEX created_brin ON {t} USING brin (created_at)',
  'CREATE INDEX created_brin_multi ON {t} USING brin (price int4_minmax_multi_ops)',
  'CREATE INDEX email_hash ON {t} USING hash (email)',
  'CREATE INDEX geo_spgist ON {t} USING spgist (geo)',
  'CREATE INDEX email_spgist ON {t} USING spgist (email)',
  'CREATE INDEX rng_gist ON {t} USING gist (rng)',
  'CREATE INDEX geo_gist_include ON {t} USING gist (geo) INCLUDE (id)',
  'CREATE INDEX covering ON {t} (id) INCLUDE (email, "Name", "weird ""col""")',
  `CREATE INDEX status_in ON {t} (status) WHERE status IN ('new', 'open', 'held')`,
  `CREATE INDEX status_in_cast ON {t} (id) WHERE (status)::text = ANY (ARRAY['a'::text, 'b'::text])`,
  `CREATE INDEX since_2020 ON {t} (created_at) WHERE created_at > '2020-01-01 00:00:00+00'::timestamptz`,
  'CREATE INDEX live ON {t} (id) WHERE deleted_at IS NULL AND NOT archived',
  `CREATE INDEX pred_mix ON {t} (price) WHERE price BETWEEN 1 AND 100 AND email LIKE '%@x.org' AND status IS DISTINCT FROM 'gone'`,
  `CREATE UNIQUE INDEX uniq_partial ON {t} (email) WHERE deleted_at IS NULL`,
  'CREATE UNIQUE INDEX uniq_nnd ON {t} (email, status) NULLS NOT DISTINCT',
  'CREATE INDEX "select" ON {t} ("select")',
  'CREATE INDEX "idx ""quoted""" ON {t} ("weird ""col""")',
  'CREATE INDEX "ünïcödé idx" ON {t} ("ünï cödé")',
  'CREATE INDEX "idx.with.dots" ON {t} ("a.b")',
  'CREATE INDEX "CamelCase" ON {t} (lower("Name"))',
  `CREATE INDEX concat_collate ON {t} (((email || 'x') COLLATE "POSIX"))`,
  'CREATE INDEX arith ON {t} (((price * 2) + 1), (n / 3.5))',
  `CREATE INDEX coalesced ON {t} (COALESCE(status, 'none'::varchar))`,
  `CREATE INDEX cased ON {t} ((CASE WHEN archived THEN 'a' WHEN deleted_at IS NOT NULL THEN 'd' ELSE 'l' END))`,
  `CREATE INDEX tsv ON {t} USING gin (to_tsvector('english'::regconfig, body))`,
  `CREATE INDEX json_path ON {t} (((doc -> 'a') ->> 'b'))`,
  'CREATE INDEX varchar_cast ON {t} ((email::varchar(10)))',
  'CREATE INDEX user_fn ON {t} ("Sales".norm(email))',
  'CREATE INDEX filled ON {t} (id) WITH (fillfactor = 70)',
  `CREATE INDEX any_array ON {t} (id) WHERE tags && ARRAY['x', 'y']::text[] AND price <> ALL ('{1,2}'::int[])`,
  `CREATE INDEX interval_pred ON {t} (created_at) WHERE created_at - deleted_at > interval '1 day'`,
  `CREATE INDEX reserved_expr ON {t} (lower("select"), ("default" + "Order")) WHERE "user" IS NOT NULL AND "select" <> 'x' AND "current_date" > '2020-01-01'`,
  'CREATE INDEX reserved_cols ON {t} ("user", "default" DESC, "current_date") INCLUDE ("Order")',
  'CREATE INDEX numeric_any ON {t} (n) WHERE n = ANY (ARRAY[1, 2]) AND price IN (3, 4)',
];

/** Tables and extras: one table per index case, spread over the schemas. */
export function worldSql(): string[] {
  const sql = [
    'CREATE EXTENSION IF NOT EXISTS pg_trgm',
    ...SCHEMAS.filter((s) => s !== 'public').map((s) => `CREATE SCHEMA "${s.replace(/"/g, '""')}"`),
    `CREATE FUNCTION "Sales".norm(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT pg_catalog.lower(pg_catalog.btrim($1)) $$`,
  ];
  INDEXES.forEach((ddl, i) => {
    const schema = SCHEMAS[i % SCHEMAS.length]!;
    const table = `"${schema.replace(/"/g, '""')}"."${i % 3 === 0 ? `Case T${i}` : `t ${i}`}"`;
    sql.push(`CREATE TABLE ${table} (${COLUMNS})`, ddl.replaceAll('{t}', table));
  });
  return sql;
}

/** Constraints, a duplicate, a materialized view, and an INVALID index left by a failed build. */
export const EXTRAS = [
  'CREATE EXTENSION IF NOT EXISTS btree_gist',
  `CREATE TABLE "Sales"."Orders" (id int PRIMARY KEY, code text UNIQUE, during tstzrange, room int,
     EXCLUDE USING gist (room WITH =, during WITH &&))`,
  `CREATE INDEX orders_code_a ON "Sales"."Orders" (lower(code))`,
  `CREATE INDEX orders_code_b ON "Sales"."Orders" (lower(code))`,
  `CREATE MATERIALIZED VIEW "Sales"."Order Stats" AS SELECT room, count(*) AS n FROM "Sales"."Orders" GROUP BY room`,
  `CREATE UNIQUE INDEX "Order Stats room" ON "Sales"."Order Stats" (room)`,
  `CREATE INDEX order_stats_n ON "Sales"."Order Stats" (n DESC) WHERE n > 10`,
  `CREATE TABLE dupes (v int); INSERT INTO dupes VALUES (1), (1)`,
];

/** Partitioned tables in their own schema: indexes on parents (attached on every partition), and a partition's own. */
export const PARTITIONED = [
  'CREATE SCHEMA "Part"',
  `CREATE TABLE "Part"."Events" (id bigint NOT NULL, kind text, at timestamptz NOT NULL, region text NOT NULL) PARTITION BY RANGE (at)`,
  `CREATE TABLE "Part"."Events 2025" PARTITION OF "Part"."Events" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')`,
  `CREATE TABLE "Part"."Events 2026" PARTITION OF "Part"."Events" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (region)`,
  `CREATE TABLE "Part"."Events 2026 eu" PARTITION OF "Part"."Events 2026" FOR VALUES IN ('eu')`,
  `CREATE TABLE "Part"."Events 2026 other" PARTITION OF "Part"."Events 2026" DEFAULT`,
  'ALTER TABLE "Part"."Events" ADD PRIMARY KEY (id, at, region)',
  `CREATE INDEX "Events kind" ON "Part"."Events" (lower(kind)) WHERE kind IS NOT NULL`,
  `CREATE INDEX events_at_brin ON "Part"."Events" USING brin (at)`,
  `CREATE INDEX "2025 only" ON "Part"."Events 2025" (kind text_pattern_ops)`,
];

/** Names YAML would read as something else, or not at all, unless quoted. */
export const YAML_NAMES = ['true', 'null', '123', '- dash', '#hash', 'a: b', ' lead', 'trail ', "'q'", '{x}', '[y]', '*star', '&amp', '!bang', '%pct', '@at', '`tick`', '0x10', '1e3', '~', 'yes', 'on', 'a #b', '"dq"', 'tab\there'];

export function yamlWorldSql(): string[] {
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return [
    'CREATE SCHEMA "Yaml: odd"',
    `CREATE TYPE "Yaml: odd".mood AS ENUM ('ok', 'sad')`,
    ...YAML_NAMES.flatMap((name, i) => [
      `CREATE TABLE "Yaml: odd".${q(name)} (${q(name)} text COLLATE "C", id bigint, m "Yaml: odd".mood, tags text[], d date)`,
      `CREATE INDEX ${q(`${name} idx`)} ON "Yaml: odd".${q(name)} (${q(name)}${i % 2 ? ' DESC' : ''}) INCLUDE (id)`,
    ]),
    // Predicates and expressions on those tables that go through the deparser.
    `CREATE INDEX enum_pred ON "Yaml: odd"."true" (id) WHERE m = 'sad' AND id IN (1, 2) AND d > DATE '2020-01-01'`,
    `CREATE INDEX not_in ON "Yaml: odd"."null" (id) WHERE "null" NOT IN ('a', 'b') AND id NOT IN (3, 4)`,
    `CREATE INDEX lower_c ON "Yaml: odd"."123" (lower("123"))`,
    `CREATE INDEX subscript ON "Yaml: odd"."- dash" ((tags[1]), (d + 1))`,
    `CREATE INDEX row_cmp ON "Yaml: odd"."#hash" (id) WHERE (id, d) > (5, DATE '2021-06-01')`,
    `CREATE INDEX ilike_re ON "Yaml: odd"."a: b" (id) WHERE "a: b" ILIKE 'x%' AND "a: b" ~ '^[a-z]+$' AND "a: b" LIKE 'a\\_%' ESCAPE '\\'`,
    `CREATE INDEX pred_collate ON "Yaml: odd"." lead" (id) WHERE " lead" COLLATE "POSIX" > 'm'`,
    `CREATE INDEX bool_key ON "Yaml: odd"."trail " ((id IS NOT NULL), (COALESCE(tags, '{}')))`,
  ];
}
