import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import { parseSpec } from '../../src/spec/load.js';

const base = (indexes: string) => `version: 1\nindexes:\n${indexes}`;

/** Each bad spec, the position and the words its first problem must carry. */
export const BAD_SPECS: Array<{ name: string; yaml: string; line: number; column: number; message: RegExp }> = [
  { name: 'unknown top-level key with did-you-mean', yaml: 'version: 1\nindexs: []\n', line: 2, column: 1, message: /unknown key "indexs".*did you mean "indexes"/ },
  { name: 'missing version', yaml: 'indexes: []\n', line: 1, column: 1, message: /missing "version: 1"/ },
  { name: 'unsupported version', yaml: 'version: 2\n', line: 1, column: 10, message: /only spec version 1/ },
  { name: 'unknown index key', yaml: base('  - table: users\n    colums: [email]\n'), line: 4, column: 5, message: /unknown key "colums".*did you mean "columns"/ },
  { name: 'index without columns', yaml: base('  - table: users\n    columns: []\n'), line: 4, column: 14, message: /at least one column/ },
  { name: 'index with no columns key', yaml: base('  - table: users\n'), line: 3, column: 5, message: /missing "columns"/ },
  { name: 'index without table', yaml: base('  - columns: [email]\n'), line: 3, column: 5, message: /missing "table"/ },
  { name: 'wrong type for columns', yaml: base('  - table: users\n    columns: email\n'), line: 4, column: 14, message: /expected a list/ },
  { name: 'wrong type for unique', yaml: base('  - table: users\n    columns: [email]\n    unique: "yes"\n'), line: 5, column: 13, message: /expected true or false/ },
  { name: 'bad order', yaml: base('  - table: users\n    columns: [{ column: email, order: descending }]\n'), line: 4, column: 39, message: /"descending" is not one of asc, desc/ },
  { name: 'bad nulls', yaml: base('  - table: users\n    columns: [{ column: email, nulls: middle }]\n'), line: 4, column: 39, message: /not one of first, last/ },
  { name: 'bad using with did-you-mean', yaml: base('  - table: users\n    using: btre\n    columns: [email]\n'), line: 4, column: 12, message: /"btre" is not one of.*did you mean "btree"/ },
  { name: 'order on a gin index', yaml: base('  - table: users\n    using: gin\n    columns: [{ column: tags, order: desc }]\n'), line: 5, column: 31, message: /no ordering/ },
  { name: 'unique gin index', yaml: base('  - table: users\n    using: gin\n    unique: true\n    columns: [tags]\n'), line: 5, column: 13, message: /unique indexes must use btree/ },
  { name: 'include on hash', yaml: base('  - table: users\n    using: hash\n    columns: [email]\n    include: [name]\n'), line: 6, column: 5, message: /do not support INCLUDE/ },
  { name: 'column and expression both', yaml: base('  - table: users\n    columns: [{ column: a, expression: "lower(a)" }]\n'), line: 4, column: 15, message: /either "column" or "expression"/ },
  { name: 'name over 63 bytes (Unicode)', yaml: base(`  - table: users\n    name: ${'é'.repeat(32)}\n    columns: [email]\n`), line: 4, column: 11, message: /64 bytes; PostgreSQL identifiers are at most 63 bytes/ },
  { name: 'duplicate index names', yaml: base('  - { table: users, name: idx_a, columns: [email] }\n  - { table: users, name: idx_a, columns: [name] }\n'), line: 4, column: 27, message: /duplicate index name "idx_a" \(also at line 3\)/ },
  { name: 'same definition twice', yaml: base('  - { table: users, name: idx_a, columns: [email] }\n  - { table: users, name: idx_b, columns: [{ column: email, order: asc }] }\n'), line: 4, column: 5, message: /same definition as "idx_a"/ },
  { name: 'duplicate YAML keys', yaml: base('  - table: users\n    table: projects\n    columns: [email]\n'), line: 4, column: 5, message: /[Mm]ap keys must be unique/ },
  { name: 'injected predicate', yaml: base('  - table: users\n    columns: [email]\n    where: "true); DROP TABLE users; --"\n'), line: 5, column: 12, message: /not valid SQL|single boolean condition/ },
  { name: 'injected expression', yaml: base('  - table: users\n    columns: [{ expression: "lower(email))); DROP TABLE users; --" }]\n'), line: 4, column: 29, message: /not valid SQL|single expression/ },
  { name: 'two expressions in one', yaml: base('  - table: users\n    columns: [{ expression: "a), (b" }]\n'), line: 4, column: 29, message: /must be a single expression/ },
  { name: 'subquery in predicate', yaml: base('  - table: users\n    columns: [email]\n    where: "id IN (SELECT 1)"\n'), line: 5, column: 12, message: /subqueries are not allowed/ },
  { name: 'syntax error in expression', yaml: base('  - table: users\n    columns: [{ expression: "lower(email" }]\n'), line: 4, column: 29, message: /not valid SQL/ },
  { name: 'bad pool duration', yaml: 'version: 1\npool: { timeout: soon }\n', line: 2, column: 18, message: /expected a duration/ },
  { name: 'pool size zero', yaml: 'version: 1\npool: { size: 0 }\n', line: 2, column: 15, message: /between 1 and 1000/ },
  { name: 'budget ratio above 1', yaml: 'version: 1\nbudgets: { cache_hit_ratio: 99 }\n', line: 2, column: 29, message: /between 0 and 1/ },
  { name: 'unknown budget', yaml: 'version: 1\nbudgets: { p99_ms: 5 }\n', line: 2, column: 12, message: /unknown key "p99_ms".*did you mean "p95_ms"/ },
  { name: 'query without sql', yaml: 'version: 1\nqueries:\n  - name: q\n', line: 3, column: 5, message: /missing "sql"/ },
  { name: 'duplicate query names', yaml: 'version: 1\nqueries:\n  - { name: q, sql: SELECT 1 }\n  - { name: q, sql: SELECT 2 }\n', line: 4, column: 5, message: /duplicate query name "q"/ },
  { name: 'bad expectation', yaml: 'version: 1\nqueries:\n  - { name: q, sql: SELECT 1, expect: { no_seq_scans: true } }\n', line: 3, column: 41, message: /unknown key "no_seq_scans".*did you mean "no_seq_scan"/ },
  { name: 'database neither embedded nor mapping', yaml: 'version: 1\ndatabase: local\n', line: 2, column: 11, message: /expected "embedded" or a mapping/ },
  { name: 'malformed placeholder', yaml: 'version: 1\ndatabase: { url: "postgres://${DB" }\n', line: 2, column: 18, message: /malformed placeholder/ },
  { name: 'YAML 1.1 directive', yaml: '%YAML 1.1\n---\nversion: 1\n', line: 1, column: 1, message: /YAML 1\.2/ },
  { name: 'custom tag', yaml: 'version: 1\nprune: !!python/object:os.system true\n', line: 2, column: 8, message: /tag/i },
  { name: 'merge key is not special', yaml: 'version: 1\nbase: &b { size: 1 }\npool:\n  <<: *b\n', line: 2, column: 1, message: /unknown key "base"/ },
  { name: 'syntax error', yaml: 'version: 1\nindexes: [\n', line: 3, column: 1, message: /flow sequence|Missing|expected/i },
  { name: 'empty file', yaml: '', line: 1, column: 1, message: /empty/ },
];

describe('spec validation', () => {
  it.each(BAD_SPECS)('rejects $name with file:line:column', async ({ yaml, line, column, message }) => {
    const error = await parseSpec(yaml, 'spec.yaml').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    // Problems come in file order; the one this case is about may follow another on an earlier line.
    const problem = (error as SpecError).problems.find((p) => message.test(p.message)) ?? (error as SpecError).problems[0]!;
    expect(problem.message).toMatch(message);
    expect({ line: problem.line, column: problem.column }).toEqual({ line, column });
    expect((error as SpecError).exitCode).toBe(2);
  });

  it('reports every problem at once', async () => {
    const yaml = base('  - table: users\n    colums: [email]\n  - table: users\n    columns: [{ column: a, order: up }]\n    using: btre\n');
    const error = (await parseSpec(yaml, 'spec.yaml').catch((e: unknown) => e)) as SpecError;
    expect(error.problems.map((p) => p.path)).toEqual(['indexes[0].columns', 'indexes[0].colums', 'indexes[1].columns[0].order', 'indexes[1].using']);
  });

  it('stops an alias bomb quickly', async () => {
    const lines = ['version: 1', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const started = performance.now();
    const error = (await parseSpec(lines.join('\n'), 'bomb.yaml').catch((e: unknown) => e)) as SpecError;
    expect(error).toBeInstanceOf(SpecError);
    expect(error.problems[0]!.message).toMatch(/alias/i);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects a file over the size cap', async () => {
    const error = await parseSpec(`version: 1\n#${'x'.repeat(1024 * 1024)}`, 'big.yaml').catch((e: unknown) => e);
    expect((error as SpecError).problems[0]!.message).toMatch(/at most/);
  });
});

describe('a valid spec', () => {
  it('normalises columns, expressions and predicates and derives names', async () => {
    const spec = await parseSpec(
      `version: 1
defaults: { schema: app }
indexes:
  - table: users
    columns: [email, { column: created_at, order: DESC, nulls: last }]
  - table: users
    columns: [{ expression: "lower((email)::text)" }]
    where: "deleted_at IS NULL   -- live rows only"
  - name: 'Weird "Name" ü'
    table: Order Items
    columns: [{ column: sku, opclass: text_pattern_ops, collate: C }]
    include: [qty]
    unique: true
    nulls_not_distinct: true
`,
      'spec.yaml',
    );
    const [a, b, c] = spec.indexes;
    expect(a).toMatchObject({ name: 'idx_users_email_created_at', schema: 'app', using: 'btree', columns: [{ column: 'email' }, { column: 'created_at', order: 'desc', nulls: 'last' }] });
    expect(b!.columns[0]!.expression).toBe('lower(email::text)');
    expect(b!.where).toBe('deleted_at IS NULL');
    expect(b!.name).toMatch(/^idx_users_expr_[0-9a-f]{8}$/);
    expect(c).toMatchObject({ name: 'Weird "Name" ü', table: 'Order Items', unique: true, nullsNotDistinct: true, include: ['qty'] });
    expect(spec.budgets.cache_hit_ratio).toBe(0.99);
  });

  it('keeps derived names within 63 bytes', async () => {
    const long = 'ü'.repeat(30);
    const spec = await parseSpec(`version: 1\nindexes:\n  - table: ${long}\n    columns: [${long}]\n`, 's.yaml');
    expect(Buffer.byteLength(spec.indexes[0]!.name)).toBeLessThanOrEqual(63);
  });

  it('accepts the example spec', async () => {
    const { loadSpec } = await import('../../src/spec/load.js');
    const spec = await loadSpec('indexes.yaml');
    expect(spec.indexes.map((i) => i.name)).toEqual(['idx_users_email_active', 'idx_users_created_at_desc', 'idx_users_name_search', 'idx_projects_user_created', 'idx_projects_status']);
    expect(spec.queries.length).toBeGreaterThanOrEqual(5);
  });
});
