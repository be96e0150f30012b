import type { CatalogTable, IndexSnapshot } from '../../db/catalog/types.js';
import type { SpecProblem } from '../../errors.js';
import type { IndexSpec, Spec } from '../../spec/types.js';
import { didYouMean } from '../../util/text.js';
import { uniqueKeyProblem } from './partitioned.js';

/**
 * What the spec names must exist, exactly (no case folding), and be something
 * an index can be built on online. Every problem is reported at once, before
 * any DDL.
 */
export function checkReferences(spec: Pick<Spec, 'file' | 'indexes'> & Partial<Pick<Spec, 'tables'>>, snapshot: IndexSnapshot): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const tables = new Map(snapshot.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const normalised = new Map(snapshot.specIndexes.map((n) => [`${n.schema}.${n.name}`, n]));
  spec.indexes.forEach((index, i) => {
    const add = (path: string, message: string) => problems.push({ file: spec.file, ...index.pos, path: `indexes[${i}]${path}`, message });
    const table = tables.get(`${index.schema}.${index.table}`);
    if (!table) {
      const known = snapshot.tables.filter((t) => t.schema === index.schema).map((t) => t.name);
      const schemaKnown = snapshot.tables.some((t) => t.schema === index.schema);
      add('.table', `table "${index.table}" not found in schema "${index.schema}"${schemaKnown ? didYouMean(index.table, known) : ' (the schema has no tables or does not exist)'}`);
      return;
    }
    const kindProblem = unsupportedKind(table);
    if (kindProblem) {
      add('.table', kindProblem);
      return;
    }
    const uniqueProblem = uniqueKeyProblem(index, table);
    if (uniqueProblem) {
      add('.unique', uniqueProblem);
      return;
    }
    const columns = unknownColumns(index, table);
    for (const [path, column] of columns) add(path, `column "${column}" not found in ${index.schema}.${index.table}${didYouMean(column, table.columns)}`);
    if (columns.length) return;
    const result = normalised.get(`${index.schema}.${index.name}`);
    if (result?.error) add('', `PostgreSQL rejects this index: ${result.error}${searchPathNote(index, result.error, snapshot.serverVersionNum)}`);
    else if (!result?.shape) add('', 'PostgreSQL did not return a definition for this index');
  });
  (spec.tables ?? []).forEach((claimed, i) => {
    const add = (message: string) => problems.push({ file: spec.file, ...claimed.pos, path: `tables[${i}]`, message });
    const inSchema = snapshot.tables.filter((t) => t.schema === claimed.schema);
    if (claimed.table === null) {
      if (!inSchema.length && !snapshot.otherRelations.some((r) => r.schema === claimed.schema)) add(`schema "${claimed.schema}" has no tables or does not exist`);
      return;
    }
    const table = inSchema.find((t) => t.name === claimed.table);
    if (!table) add(`table "${claimed.table}" not found in schema "${claimed.schema}"${inSchema.length ? didYouMean(claimed.table, inSchema.map((t) => t.name)) : ''}`);
    else if (table.kind === 'view' || table.kind === 'foreign-table' || table.kind === 'other') add(`${claimed.schema}.${claimed.table} is a ${table.kind.replace('-', ' ')}; it has no indexes to manage`);
  });
  return problems;
}

function unsupportedKind(table: CatalogTable): string | undefined {
  const where = `${table.schema}.${table.name}`;
  switch (table.kind) {
    case 'table':
    case 'materialized-view':
      return undefined;
    case 'partitioned': {
      const foreign = (table.partitions ?? []).filter((p) => p.kind === 'foreign-table').map((p) => `${p.schema}.${p.name}`);
      return foreign.length ? `${where} has foreign-table partitions (${foreign.join(', ')}), which cannot be indexed; PostgreSQL cannot build this index` : undefined;
    }
    case 'view':
      return `${where} is a view; indexes can only be built on tables and materialized views`;
    default:
      return `${where} is a ${table.kind.replace('-', ' ')}; indexes can only be built on tables and materialized views`;
  }
}

function unknownColumns(index: IndexSpec, table: CatalogTable): Array<[string, string]> {
  const known = new Set(table.columns);
  const out: Array<[string, string]> = [];
  index.columns.forEach((c, j) => {
    if (c.column !== undefined && !known.has(c.column)) out.push([`.columns[${j}]`, c.column]);
  });
  index.include.forEach((c, j) => {
    if (!known.has(c)) out.push([`.include[${j}]`, c]);
  });
  return out;
}

/**
 * PostgreSQL 17+ plans and builds an index with search_path = pg_catalog,
 * pg_temp, so a function the index calls that names something unqualified
 * (a SQL function is even inlined while the index is defined) no longer finds it.
 */
function searchPathNote(index: IndexSpec, error: string, serverVersionNum: number): string {
  const callsFunctions = index.columns.some((c) => c.expression !== undefined) || index.where !== undefined;
  if (serverVersionNum < 170000 || !callsFunctions || !/ does not exist$/.test(error)) return '';
  return ' (PostgreSQL 17+ runs the functions an index calls with search_path = pg_catalog, pg_temp: schema-qualify the names inside them, or ALTER FUNCTION ... SET search_path)';
}
