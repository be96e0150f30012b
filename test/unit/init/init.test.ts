import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { InitIndex, InitTable } from '../../../src/db/catalog/init-read.js';
import { buildInitSpec } from '../../../src/core/init/build.js';
import { entriesFromCatalog } from '../../../src/core/init/entries.js';
import { coverageToday, pickSampleQueries } from '../../../src/core/init/queries.js';
import { poolFor } from '../../../src/core/init/sections.js';
import { selectTables, unmatchedGlobs } from '../../../src/core/init/select.js';
import { normaliseFragment } from '../../../src/spec/fragments.js';
import { parseSpec } from '../../../src/spec/load.js';

const table = (schema: string, name: string, kind: InitTable['kind'] = 'table'): InitTable => ({ oid: 1, schema, name, kind, isPartition: false });

function index(name: string, overrides: Partial<InitIndex> = {}): InitIndex {
  return {
    schema: 'public',
    table: 'users',
    name,
    method: 'btree',
    unique: false,
    nullsNotDistinct: false,
    keys: [{ kind: 'column', definition: 'email', opclass: 'pg_catalog.text_ops', opclassIsDefault: true, collation: 'pg_catalog.default', collationIsDefault: true, desc: false, nullsFirst: false }],
    include: [],
    predicate: null,
    valid: true,
    ready: true,
    constraint: null,
    sizeBytes: 8192,
    attached: false,
    keyNames: [{ opclass: 'text_ops', opclassVisible: true, collation: 'default', collationVisible: true }],
    storage: [],
    tablespace: null,
    constraintDefinition: null,
    ...overrides,
  };
}

describe('selectTables', () => {
  const tables = [table('public', 'users'), table('public', 'Users'), table('billing', 'invoices'), table('billing', 'a.b'), table('my schema', 'x')];
  const names = (filter: { schemas: string[]; tables: string[] }) => selectTables(tables, filter).map((t) => `${t.schema}.${t.name}`);

  it('matches globs on schema names and on table or schema.table names, case-sensitively', () => {
    expect(names({ schemas: [], tables: [] })).toHaveLength(5);
    expect(names({ schemas: ['bill*'], tables: [] })).toEqual(['billing.invoices', 'billing.a.b']);
    expect(names({ schemas: [], tables: ['users'] })).toEqual(['public.users']);
    expect(names({ schemas: [], tables: ['?sers'] })).toEqual(['public.users', 'public.Users']);
    expect(names({ schemas: [], tables: ['billing.*'] })).toEqual(['billing.invoices', 'billing.a.b']);
    expect(names({ schemas: [], tables: ['a.b'] })).toEqual(['billing.a.b']);
    expect(names({ schemas: ['my schema'], tables: ['x'] })).toEqual(['my schema.x']);
    // Regular-expression characters are literal.
    expect(names({ schemas: [], tables: ['a+b', '(users)'] })).toEqual([]);
  });

  it('names the globs that matched nothing', () => {
    expect(unmatchedGlobs(tables, { schemas: ['public', 'Billing'], tables: ['users', 'nope*'] })).toEqual(['--schema Billing', '--table nope*']);
  });
});

describe('poolFor', () => {
  it('keeps the default pool when it takes at most a third of the connections, and scales it down otherwise', () => {
    expect(poolFor(97)).toEqual({ size: 10, max_overflow: 20, scaled: false });
    expect(poolFor(17)).toEqual({ size: 1, max_overflow: 4, scaled: true });
    expect(poolFor(1)).toEqual({ size: 1, max_overflow: 0, scaled: true });
  });
});

describe('entriesFromCatalog', () => {
  const tables = [table('public', 'users')];
  const none = new Map();

  it('writes only what differs from the defaults: opclass, collation, order, NULLS placement', () => {
    const keys = [
      { ...index('x').keys[0]!, opclassIsDefault: false, opclass: 'pg_catalog.text_pattern_ops', collationIsDefault: false, collation: 'pg_catalog.C', desc: true, nullsFirst: false },
      { ...index('x').keys[0]!, definition: 'id', nullsFirst: true },
    ];
    const keyNames = [
      { opclass: 'text_pattern_ops', opclassVisible: true, collation: 'C', collationVisible: true },
      { opclass: 'int4_ops', opclassVisible: true, collation: null, collationVisible: true },
    ];
    const { entries } = entriesFromCatalog(tables, [index('x', { keys, keyNames })], none);
    expect(entries[0]!.columns).toEqual([{ column: 'email', collate: 'C', opclass: 'text_pattern_ops', order: 'desc', nulls: 'last' }, { column: 'id', nulls: 'first' }]);
  });

  it('skips what the spec cannot say, with the reason, and lists constraint indexes', () => {
    const hidden = index('hidden', { keys: [{ ...index('x').keys[0]!, opclassIsDefault: false, opclass: 'ext.gin_trgm_ops' }], keyNames: [{ opclass: 'gin_trgm_ops', opclassVisible: false, collation: null, collationVisible: true }] });
    const found = entriesFromCatalog(
      tables,
      [
        index('ok'),
        index('twin'),
        index('broken', { valid: false, keys: [{ ...index('x').keys[0]!, definition: 'name' }] }),
        index('perfctl_tmp_abc', { keys: [{ ...index('x').keys[0]!, definition: 'id' }] }),
        index('vectors', { method: 'hnsw' }),
        hidden,
        index('users_pkey', { constraint: 'primary-key', constraintDefinition: 'PRIMARY KEY (id)' }),
        index('elsewhere', { table: 'other' }),
      ],
      none,
    );
    expect(found.entries.map((e) => e.name)).toEqual(['ok']);
    expect(found.skipped.map((s) => `${s.index}: ${s.reason}`)).toEqual([
      'twin: same definition as "ok" (a duplicate; drop one of them)',
      'broken: INVALID (a failed or interrupted build): drop or REINDEX it, then run init again',
      'perfctl_tmp_abc: a leftover of an interrupted perfctl build',
      'vectors: access method hnsw: the spec manages btree, hash, gist, spgist, gin, brin indexes',
      'hidden: operator class ext.gin_trgm_ops is not on the search_path; the spec names operator classes unqualified',
    ]);
    expect(found.constraints).toEqual([{ schema: 'public', table: 'users', index: 'users_pkey', constraint: 'primary-key', definition: 'PRIMARY KEY (id)' }]);
  });
});

describe('buildInitSpec', () => {
  it('writes a spec that loads back to the same indexes, with comments as YAML comments', async () => {
    const catalog = {
      serverVersionNum: 180000,
      availableConnections: 97,
      indexes: [
        index('Idx "q"', { predicate: "status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])" }),
        index('lower', { keys: [{ ...index('x').keys[0]!, kind: 'expression', definition: 'lower(email)' }] }),
        index('users_pkey', { constraint: 'primary-key', constraintDefinition: 'PRIMARY KEY (id)' }),
        index('filled', { keys: [{ ...index('x').keys[0]!, definition: 'id' }], storage: ['fillfactor=70'] }),
      ],
    };
    const built = await buildInitSpec({ header: ['written by a test'], tables: [table('public', 'users')], catalog });
    const spec = await parseSpec(built.text, 'indexes.yaml');
    expect(spec.indexes.map((i) => [i.name, i.columns, i.where])).toEqual([
      ['Idx "q"', [{ column: 'email' }], "status::text = ANY (ARRAY['a'::varchar, 'b'::varchar])"],
      ['lower', [{ expression: 'lower(email)' }], undefined],
      ['filled', [{ column: 'id' }], undefined],
    ]);
    const doc = parseDocument(built.text);
    expect(doc.commentBefore).toContain('written by a test');
    expect(built.text).toContain('#   primary key users_pkey: PRIMARY KEY (id)');
    expect(built.text).toContain('#   filled: WITH (fillfactor=70) stays on the index');
  });
});

describe('normaliseFragment from the catalog', () => {
  it('drops only the implicit array casts PostgreSQL prints, never a cast written on an array value', async () => {
    expect(await normaliseFragment('where', "x = ANY (ARRAY[1, 2]::numeric[])", { fromCatalog: true })).toEqual({ sql: 'x = ANY (ARRAY[1, 2])' });
    expect(await normaliseFragment('where', "x = ANY ('{1,2}'::numeric[])", { fromCatalog: true })).toEqual({ sql: "x = ANY (CAST('{1,2}' AS numeric[]))" });
    expect(await normaliseFragment('where', "x = ANY (ARRAY[1, 2]::numeric[])")).toEqual({ sql: 'x = ANY (CAST(ARRAY[1, 2] AS numeric[]))' });
  });
});

describe('pickSampleQueries', () => {
  const node = (nodeType: string, relation?: string, index?: string) => ({ nodeType, relation, index }) as never;
  const outcome = (nodes: unknown[]) => ({ name: 'c', mode: 'generic' as const, tables: [], plan: { nodes } as never });
  const statement = (sql: string, calls = 1) => ({ sql, calls, totalMs: 10 * calls, meanMs: 10 });

  it('keeps planned statements on the chosen tables, in order, up to the limit, and says what each does today', () => {
    const picked = pickSampleQueries(
      [statement('SELECT a', 1200), statement('UPDATE x'), statement('SELECT b'), statement('SELECT c'), statement('SELECT d')],
      [
        outcome([node('Index Scan', 'Orders', 'orders_pkey')]),
        { name: 'c', mode: 'estimate', tables: [], error: { code: 'check-write-refused', message: 'writes' } },
        outcome([node('Seq Scan', 'elsewhere')]),
        outcome([node('Hash Join'), node('Seq Scan', 'Orders'), node('Index Scan', 'Orders', 'orders_pkey')]),
        outcome([node('Seq Scan', 'Orders')]),
      ],
      new Set(['Orders']),
      2,
    );
    expect(picked).toEqual([
      { name: 'top1_orders', sql: 'SELECT a', noSeqScan: true, usesIndex: true, note: '1,200 calls, 10 ms mean, 12.0 s in all; today: uses orders_pkey' },
      { name: 'top2_orders', sql: 'SELECT c', noSeqScan: false, usesIndex: true, note: '1 call, 10 ms mean, 10 ms in all; today: uses orders_pkey and a sequential scan' },
    ]);
    expect(coverageToday(picked)).toBe(1);
    expect(coverageToday([...picked, { ...picked[0]!, usesIndex: false }])).toBe(0.66);
  });
});

describe('a spec too large to read back', () => {
  it('is refused before anything is written, with the way out', async () => {
    const long = (prefix: string, i: number) => `${prefix}_${String(i).padStart(6, '0')}_`.padEnd(63, 'x');
    const tables: InitTable[] = [];
    const indexes: InitIndex[] = [];
    for (let i = 0; i < 3200; i++) {
      tables.push(table('public', long('t', i)));
      const key = { ...index('x').keys[0]!, definition: long('c', i) };
      indexes.push(index(long('i', i), { table: long('t', i), keys: [key, { ...key, desc: true }, { ...key, nullsFirst: true }], keyNames: [] }));
    }
    const built = buildInitSpec({ header: [], tables, catalog: { serverVersionNum: 180000, availableConnections: 97, indexes } });
    await expect(built).rejects.toThrow(/^3200 indexes make a spec of 1\.\d MB; perfctl reads specs of up to 1\.0 MB$/);
  });
});
