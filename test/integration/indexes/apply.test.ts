import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { expectConverged, indexes, indexNames } from '../../helpers/indexes.js';
import { writeSpec } from '../../helpers/spec.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('idx_apply');
});
afterAll(async () => db?.drop());

describe('perfctl indexes apply', () => {
  it('creates the spec indexes online, then a second apply changes nothing', async () => {
    await db.sql(`CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, created_at timestamptz, is_active boolean);
      INSERT INTO users SELECT g, 'u' || g || '@x', 'n' || g, now(), g % 2 = 0 FROM generate_series(1, 2000) g;`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_users_email_active, table: users, columns: [email, is_active] }
  - { table: users, name: idx_users_created_desc, columns: [{ column: created_at, order: desc, nulls: last }] }
  - { table: users, name: idx_users_name_search, using: gin, columns: [{ expression: "to_tsvector('simple', name)" }] }
  - { table: users, columns: [{ expression: "lower(email)" }], where: "is_active" }
`);
    const first = await indexes(db, 'apply', file, ['--yes']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/create .*idx_users_email_active.*done/);
    expect(first.stderr).toMatch(/\d\d:\d\d:\d\d building public\.idx_users_email_active on public\.users/);
    const names = await indexNames(db, 'users');
    expect(names.filter((n) => !/^idx_users_expr_[0-9a-f]{8}$/.test(n))).toEqual(['idx_users_created_desc', 'idx_users_email_active', 'idx_users_name_search', 'users_pkey']);
    expect(names).toHaveLength(5);
    const second = await indexes(db, 'apply', file, ['--yes']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes');
    expect(second.stderr).toBe('');
    await expectConverged(db, file);
  });

  it('renames an equivalent index instead of rebuilding it (lower(email) = lower((email)::text))', async () => {
    await db.sql(`CREATE TABLE accounts (id int PRIMARY KEY, email varchar(200), status text);
      CREATE INDEX legacy_email ON accounts (lower((email)::text) text_ops) WHERE (status <> 'closed'::text);`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_accounts_email, table: accounts, columns: [{ expression: "lower(email)" }], where: "status <> 'closed'" }
`);
    const plan = await indexes(db, 'plan', file, ['--json']);
    expect(JSON.parse(plan.stdout).actions.map((a: { kind: string; from: string }) => `${a.kind} ${a.from}`)).toEqual(['rename legacy_email']);
    const oid = (await db.sql<{ oid: number }>(`SELECT 'legacy_email'::regclass::oid AS oid`))[0]!.oid;
    const result = await indexes(db, 'apply', file, ['--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect((await db.sql<{ oid: number }>(`SELECT 'idx_accounts_email'::regclass::oid AS oid`))[0]!.oid).toBe(oid);
    await expectConverged(db, file);
  });

  it('replaces a changed definition: the old index serves until the new one is valid', async () => {
    await db.sql(`CREATE TABLE orders (id int PRIMARY KEY, customer int, placed date);
      CREATE INDEX idx_orders_customer ON orders (customer);`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_orders_customer, table: orders, columns: [customer, { column: placed, order: desc }] }
`);
    const result = await indexes(db, 'apply', file, ['--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/building public\.perfctl_tmp_[0-9a-f]{16}.*\n.*\n?.*dropping public\.idx_orders_customer[\s\S]*renaming public\.perfctl_tmp_/);
    const def = (await db.sql<{ def: string }>(`SELECT pg_get_indexdef('idx_orders_customer'::regclass) AS def`))[0]!.def;
    expect(def).toContain('(customer, placed DESC)');
    await expectConverged(db, file);
  });

  it('repairs an INVALID index with the spec name (pg_index tampering, as GitLab tests it)', async () => {
    await db.sql(`CREATE TABLE events (id int PRIMARY KEY, kind text);
      CREATE INDEX idx_events_kind ON events (kind);
      UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'idx_events_kind'::regclass;`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_events_kind, table: events, columns: [kind] }
`);
    const plan = await indexes(db, 'plan', file);
    expect(plan.stdout).toMatch(/↻ repair public\.idx_events_kind/);
    const result = await indexes(db, 'apply', file, ['--yes']);
    expect(result.code, result.stderr).toBe(0);
    await expectConverged(db, file);
  });

  it('prunes only with the flag, asks for --allow-hazards, and never drops a constraint index', async () => {
    await db.sql(`CREATE TABLE tags (id int PRIMARY KEY, label text UNIQUE, color text);
      CREATE INDEX tags_color ON tags (color);`);
    const file = writeSpec(`version: 1
indexes:
  - { name: idx_tags_label_color, table: tags, columns: [label, color] }
`);
    const kept = await indexes(db, 'apply', file, ['--yes']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(await indexNames(db, 'tags')).toEqual(['idx_tags_label_color', 'tags_color', 'tags_label_key', 'tags_pkey']);

    const refused = await indexes(db, 'apply', file, ['--yes', '--prune']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('index-dropped (public.tags_color)');
    expect(refused.stderr).toContain('--allow-hazards index-dropped');
    expect(await indexNames(db, 'tags')).toContain('tags_color');

    const pruned = await indexes(db, 'apply', file, ['--yes', '--prune', '--allow-hazards', 'index-dropped']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(await indexNames(db, 'tags')).toEqual(['idx_tags_label_color', 'tags_label_key', 'tags_pkey']);
    await expectConverged(db, file);
  });

  it('a prune says how much each dropped index is used, here and on every --replica', async () => {
    const schema = `CREATE TABLE page_views (id int PRIMARY KEY, kind text, at int);
      INSERT INTO page_views SELECT g, 'k' || (g % 50), g FROM generate_series(1, 5000) g;
      CREATE INDEX views_kind ON page_views (kind); CREATE INDEX views_at ON page_views (at); ANALYZE page_views;`;
    await db.sql(schema);
    // A stand-in for a hot standby: another database with the same index, read there (counters are per server).
    const replica = await createTestDatabase('idx_replica');
    try {
      await replica.sql(schema);
      for (let i = 0; i < 3; i++) await replica.sql(`SET enable_seqscan = off; SELECT count(*) FROM page_views WHERE kind = 'k7'`);
      await db.sql(`SET enable_seqscan = off; SELECT count(*) FROM page_views WHERE at = 42`);
      const file = writeSpec(`version: 1
indexes:
  - { name: idx_views_kind_at, table: page_views, columns: [kind, at] }
`);
      const drops = async (extra: string[]) => {
        const plan = await indexes(db, 'plan', file, ['--prune', '--json', ...extra]);
        expect(plan.code, plan.stderr).toBe(0);
        const actions = (JSON.parse(plan.stdout) as { actions: Array<{ kind: string; index: string; hazards: Array<{ id: string; message: string }>; usage?: Array<{ server: string; scans: number }> }> }).actions;
        return new Map(actions.filter((a) => a.kind === 'drop').map((a) => [a.index, a]));
      };
      const alone = await drops([]);
      expect(alone.get('views_at')!.usage).toEqual([expect.objectContaining({ server: 'primary', scans: 1 })]);
      expect(alone.get('views_at')!.hazards[0]!.message).toMatch(/STILL USED: 1 scan on this server since .*replicas not consulted/);
      expect(alone.get('views_kind')!.hazards[0]!.message).toMatch(/never scanned on this server since .*pass --replica URL/);
      const across = await drops(['--replica', replica.url]);
      const kind = across.get('views_kind')!;
      const where = new URL(replica.url);
      expect(kind.usage!.map((u) => u.scans)).toEqual([0, 3]);
      expect(kind.usage![1]!.server).toBe(`${where.hostname}:${where.port}/${replica.name}`);
      expect(kind.hazards[0]!.message).toContain(`STILL USED: 0 scans on this server since`);
      expect(kind.hazards[0]!.message).toContain(`3 scans on ${where.hostname}:${where.port}/${replica.name}`);
      expect(kind.hazards[0]!.message).not.toContain('replicas not consulted');
      const text = await indexes(db, 'plan', file, ['--prune', '--replica', replica.url]);
      // The stand-in is another database on a primary, and perfctl says so.
      expect(text.stderr).toContain(`--replica ${where.hostname}:${where.port}/${replica.name} is not a hot standby`);
      expect(text.stdout).toMatch(/hazard index-dropped: drops public\.views_kind .*STILL USED/);
      expect(text.stdout + text.stderr).not.toContain(where.password || 'no-password-in-url');
      const down = await indexes(db, 'plan', file, ['--prune', '--replica', 'postgres://nobody@127.0.0.1:1/none']);
      expect(down.code).toBe(3);
      expect(down.stderr).toContain('127.0.0.1:1/none');
    } finally {
      await replica.drop();
    }
  });

  it('handles awkward names byte for byte: case, spaces, quotes, reserved words, Unicode, 63 bytes', async () => {
    const long = 'é'.repeat(31) + 'x'; // 63 bytes
    await db.sql(`CREATE SCHEMA "My Schema"; CREATE TABLE "My Schema"."Order Items" ("user" int, "Quote""d" text, "naïve" text, "select" int)`);
    const file = writeSpec(`version: 1
defaults: { schema: "My Schema" }
indexes:
  - { name: "Idx \\"Odd\\" Name", table: "Order Items", columns: ["user", "Quote\\"d"] }
  - { name: "${long}", table: "Order Items", columns: ["naïve"] }
  - { table: "Order Items", columns: ["select"] }
`);
    const result = await indexes(db, 'apply', file, ['--yes']);
    expect(result.code, result.stderr).toBe(0);
    const names = (await db.sql<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relnamespace = '"My Schema"'::regnamespace AND relkind = 'i' ORDER BY 1`)).map((r) => r.name);
    expect(names).toContain('Idx "Odd" Name');
    expect(names).toContain(long);
    expect(names).toContain('idx_order_items_select');
    expect(result.stderr).not.toMatch(/truncat/i);
    await expectConverged(db, file);
  });

  it('refuses without --yes when it cannot ask, and names unknown tables before any DDL', async () => {
    await db.sql(`CREATE TABLE notes (id int, body text)`);
    const file = writeSpec(`version: 1
indexes:
  - { table: notes, columns: [body] }
`);
    const noYes = await indexes(db, 'apply', file);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('needs --yes');
    expect(await indexNames(db, 'notes')).toEqual([]);

    const typo = writeSpec(`version: 1
indexes:
  - { table: Notes, columns: [body] }
  - { table: notes, columns: [bdy] }
`);
    const bad = await indexes(db, 'apply', typo, ['--yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('table "Notes" not found in schema "public"; did you mean "notes"?');
    expect(bad.stderr).toContain('column "bdy" not found in public.notes; did you mean "body"?');
  });

  it('asks in a terminal and shows the live view; "n" changes nothing, "y" applies', async () => {
    await db.sql(`CREATE TABLE prompts (id int, v text)`);
    const file = writeSpec(`version: 1
indexes:
  - { table: prompts, columns: [v] }
`);
    const declined = await indexes(db, 'apply', file, [], { tty: true, ci: false, stdin: 'n\n', env: { CI: '' } });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain('Apply 1 action to');
    expect(await indexNames(db, 'prompts')).toEqual([]);
    const accepted = await indexes(db, 'apply', file, [], { tty: true, ci: false, stdin: 'y\n', env: { CI: '' } });
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stderr).toContain('create public.idx_prompts_v done');
    expect(await indexNames(db, 'prompts')).toEqual(['idx_prompts_v']);
  });

  it('plan --exit-code: 2 pending, 0 none, 1 on error', async () => {
    await db.sql(`CREATE TABLE codes (id int, v text)`);
    const file = writeSpec(`version: 1
indexes:
  - { table: codes, columns: [v] }
`);
    expect((await indexes(db, 'plan', file, ['--exit-code'])).code).toBe(2);
    expect((await indexes(db, 'apply', file, ['--yes'])).code).toBe(0);
    expect((await indexes(db, 'plan', file, ['--exit-code'])).code).toBe(0);
    const bad = writeSpec(`version: 1
indexes:
  - { table: nope, columns: [v] }
`);
    expect((await indexes(db, 'plan', bad, ['--exit-code'])).code).toBe(1);
  });

  it('status lists managed and unmanaged indexes with usage', async () => {
    await db.sql(`CREATE TABLE stats (id int PRIMARY KEY, v text); CREATE INDEX stats_extra ON stats (v, id);`);
    const file = writeSpec(`version: 1
indexes:
  - { table: stats, columns: [v] }
`);
    await indexes(db, 'apply', file, ['--yes']);
    const status = await indexes(db, 'status', file, ['--json']);
    expect(status.code, status.stderr).toBe(0);
    const doc = JSON.parse(status.stdout);
    expect(doc.version).toBe(1);
    const byName = Object.fromEntries(doc.indexes.map((i: { index: string }) => [i.index, i]));
    expect(byName.idx_stats_v).toMatchObject({ managed: true, valid: true, constraint: null, scans: 0 });
    expect(byName.stats_extra).toMatchObject({ managed: false });
    expect(byName.stats_pkey).toMatchObject({ managed: false, constraint: 'primary-key' });
    expect(byName.idx_stats_v.definition).toContain('CREATE INDEX idx_stats_v ON public.stats USING btree (v)');
    const text = await indexes(db, 'status', file);
    expect(text.stdout).toContain('idx_stats_v');
  });
});
