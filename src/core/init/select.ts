import type { InitTable } from '../../db/catalog/init-read.js';

export interface TableFilter {
  /** Globs on schema names (`*`, `?`); none means every schema. */
  schemas: string[];
  /** Globs on table names or on schema.table; none means every table. */
  tables: string[];
}

/** The tables `init --from-db` describes. Globs are case-sensitive, like the names. */
export function selectTables<T extends Pick<InitTable, 'schema' | 'name'>>(tables: T[], filter: TableFilter): T[] {
  const schemas = filter.schemas.map(globToRegExp);
  const names = filter.tables.map(globToRegExp);
  return tables.filter(
    (t) =>
      (schemas.length === 0 || schemas.some((g) => g.test(t.schema))) &&
      (names.length === 0 || names.some((g) => g.test(t.name) || g.test(`${t.schema}.${t.name}`))),
  );
}

/** Which globs matched nothing, so the command can say so instead of writing an empty spec. */
export function unmatchedGlobs(tables: Array<Pick<InitTable, 'schema' | 'name'>>, filter: TableFilter): string[] {
  return [
    ...filter.schemas.filter((g) => !tables.some((t) => globToRegExp(g).test(t.schema))).map((g) => `--schema ${g}`),
    ...filter.tables.filter((g) => !tables.some((t) => globToRegExp(g).test(t.name) || globToRegExp(g).test(`${t.schema}.${t.name}`))).map((g) => `--table ${g}`),
  ];
}

export function globToRegExp(glob: string): RegExp {
  const body = [...glob].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'su');
}
