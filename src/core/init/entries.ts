import type { InitIndex, InitKeyNames, InitTable } from '../../db/catalog/init-read.js';
import type { IndexKey } from '../../db/catalog/types.js';
import type { FragmentKind, FragmentResult } from '../../spec/fragments.js';
import { definitionKey } from '../../spec/names.js';
import { INDEX_METHODS, type IndexColumnSpec, type IndexMethod } from '../../spec/types.js';
import { TEMP_PREFIX } from '../plan/types.js';
import { describeShape, signature } from '../plan/signature.js';

/** One `indexes:` entry, in the spec's own words. */
export interface SpecEntry {
  name: string;
  schema: string;
  table: string;
  using: IndexMethod;
  unique: boolean;
  nullsNotDistinct: boolean;
  columns: IndexColumnSpec[];
  include: string[];
  where?: string;
  /** What the spec does not carry over (storage parameters, tablespace). */
  notes: string[];
}

export interface SkippedIndex {
  schema: string;
  table: string;
  index: string;
  reason: string;
}

export interface ConstraintIndex {
  schema: string;
  table: string;
  index: string;
  constraint: 'primary-key' | 'unique' | 'exclusion';
  definition: string;
}

export interface InitEntries {
  entries: SpecEntry[];
  skipped: SkippedIndex[];
  constraints: ConstraintIndex[];
  /** Partition indexes attached to a partitioned index: managed through their parent. */
  attached: SkippedIndex[];
}

/** The SQL fragments (expressions, predicates) the entries need, for the parser to rebuild first. */
export function fragmentsOf(indexes: InitIndex[]): Array<{ kind: FragmentKind; text: string }> {
  return indexes.flatMap((i) => [
    ...i.keys.filter((k) => k.kind === 'expression').map((k) => ({ kind: 'expression' as const, text: k.definition })),
    ...(i.predicate ? [{ kind: 'where' as const, text: i.predicate }] : []),
  ]);
}

export function fragmentKey(kind: FragmentKind, text: string): string {
  return `${kind}\u0000${text}`;
}

/**
 * Catalog indexes as spec entries, each one PostgreSQL would plan as the same
 * index: every non-default opclass, collation, order and NULLS placement is
 * written, defaults are left out. What the spec cannot say (another access
 * method, an opclass off the search_path, a failed build) is skipped with the
 * reason; constraint indexes are listed, never managed. Pure.
 */
export function entriesFromCatalog(tables: InitTable[], indexes: InitIndex[], fragments: Map<string, FragmentResult>): InitEntries {
  const out: InitEntries = { entries: [], skipped: [], constraints: [], attached: [] };
  const chosen = new Set(tables.map((t) => `${t.schema}\u0000${t.name}`));
  const seen = new Map<string, string>();
  for (const index of indexes) {
    if (!chosen.has(`${index.schema}\u0000${index.table}`)) continue;
    const where = { schema: index.schema, table: index.table, index: index.name };
    if (index.attached) {
      out.attached.push({ ...where, reason: 'attached to a partitioned index; managed through its parent' });
      continue;
    }
    if (index.constraint) {
      out.constraints.push({ ...where, constraint: index.constraint, definition: index.constraintDefinition ?? describeShape(index) });
      continue;
    }
    const entry = toEntry(index, fragments);
    if (typeof entry === 'string') {
      out.skipped.push({ ...where, reason: entry });
      continue;
    }
    const keys = [`${index.schema}\u0000${index.table}\u0000${signature(index)}`, definitionKey(entry)];
    const twin = keys.map((k) => seen.get(k)).find((name) => name !== undefined);
    if (twin) {
      out.skipped.push({ ...where, reason: `same definition as "${twin}" (a duplicate; drop one of them)` });
      continue;
    }
    for (const key of keys) seen.set(key, index.name);
    out.entries.push(entry);
  }
  return out;
}

/** The entry, or why the spec cannot describe this index. */
function toEntry(index: InitIndex, fragments: Map<string, FragmentResult>): SpecEntry | string {
  if (!index.valid || !index.ready) return 'INVALID (a failed or interrupted build): drop or REINDEX it, then run init again';
  if (index.name.startsWith(TEMP_PREFIX)) return 'a leftover of an interrupted perfctl build';
  if (!(INDEX_METHODS as readonly string[]).includes(index.method)) return `access method ${index.method}: the spec manages ${INDEX_METHODS.join(', ')} indexes`;
  const columns: IndexColumnSpec[] = [];
  for (const [i, key] of index.keys.entries()) {
    const column = toColumn(key, index.keyNames[i], index.method, fragments);
    if (typeof column === 'string') return column;
    columns.push(column);
  }
  let where: string | undefined;
  if (index.predicate) {
    const predicate = fragments.get(fragmentKey('where', index.predicate));
    if (!predicate || 'error' in predicate) return `its predicate could not be rebuilt from the parse tree (${predicate && 'error' in predicate ? predicate.error : 'not parsed'})`;
    where = predicate.sql;
  }
  const notes = [
    ...(index.storage.length ? [`WITH (${index.storage.join(', ')})`] : []),
    ...(index.tablespace ? [`TABLESPACE ${index.tablespace}`] : []),
  ];
  return {
    name: index.name,
    schema: index.schema,
    table: index.table,
    using: index.method as IndexMethod,
    unique: index.unique,
    nullsNotDistinct: index.nullsNotDistinct,
    columns,
    include: index.include,
    ...(where !== undefined ? { where } : {}),
    notes,
  };
}

function toColumn(key: IndexKey, names: InitKeyNames | undefined, method: string, fragments: Map<string, FragmentResult>): IndexColumnSpec | string {
  const column: IndexColumnSpec = {};
  if (key.kind === 'column') column.column = key.definition;
  else {
    const rebuilt = fragments.get(fragmentKey('expression', key.definition));
    if (!rebuilt || 'error' in rebuilt) return `the expression ${key.definition} could not be rebuilt from the parse tree (${rebuilt && 'error' in rebuilt ? rebuilt.error : 'not parsed'})`;
    column.expression = rebuilt.sql;
  }
  if (!key.collationIsDefault && key.collation) {
    if (!names?.collation || !names.collationVisible) return `collation ${key.collation} is not on the search_path; the spec names collations unqualified`;
    column.collate = names.collation;
  }
  if (!key.opclassIsDefault) {
    if (!names?.opclass || !names.opclassVisible) return `operator class ${key.opclass} is not on the search_path; the spec names operator classes unqualified`;
    column.opclass = names.opclass;
  }
  // Only btree keeps an order; other methods store the default bits.
  if (method === 'btree') {
    if (key.desc) column.order = 'desc';
    if (key.nullsFirst !== key.desc) column.nulls = key.nullsFirst ? 'first' : 'last';
  }
  return column;
}
