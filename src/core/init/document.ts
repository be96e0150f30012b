import { Document, Scalar, YAMLMap, YAMLSeq, isMap, type Node } from 'yaml';
import type { InitTable } from '../../db/catalog/init-read.js';
import type { IndexColumnSpec } from '../../spec/types.js';
import type { InitEntries, SpecEntry } from './entries.js';
import { budgetsNode, poolNode } from './sections.js';
import { coverageToday, type SampleQuery } from './queries.js';

export interface InitDocumentInput {
  /** First lines of the file (already worded, without '#'). */
  header: string[];
  tables: InitTable[];
  found: InitEntries;
  availableConnections: number;
  queries: SampleQuery[];
  /** Said above `queries:` (why params are left out, what expect means). */
  queryNotes: string[];
}

/**
 * The spec as a YAML document, built node by node so that what perfctl knows
 * but the spec cannot hold (constraint indexes, skipped ones, storage
 * parameters) travels as real comments beside the entries it concerns.
 */
export function initDocument(input: InitDocumentInput): string {
  const { found } = input;
  const defaultSchema = mostCommonSchema(found.entries.map((e) => e.schema), input.tables);
  const doc = new Document({ version: 1 });
  doc.commentBefore = input.header.map((line) => ` ${line}`).join('\n');
  const root = doc.contents as YAMLMap;
  const add = (key: string, value: Node, comment?: string) => {
    const keyNode = doc.createNode(key);
    if (comment) {
      keyNode.commentBefore = comment.split('\n').map((l) => ` ${l}`).join('\n');
      keyNode.spaceBefore = true;
    }
    root.items.push(doc.createPair(keyNode, value));
  };
  add('pool', poolNode(doc, input.availableConnections), 'The connection pool perfctl uses here; DB_POOL_SIZE, DB_MAX_OVERFLOW, DB_POOL_TIMEOUT\nand DB_QUERY_TIMEOUT override it. The server: --db, database.url, DATABASE_URL or PG*.');
  const defaults = doc.createNode({ schema: defaultSchema }) as YAMLMap;
  defaults.flow = true;
  add('defaults', defaults);
  add('prune', doc.createNode(false), 'true: apply also drops indexes on these tables that the spec does not name.');
  add('indexes', indexesNode(doc, input, defaultSchema));
  if (input.queries.length) add('queries', queriesNode(doc, input.queries), input.queryNotes.join('\n'));
  add('budgets', budgetsNode(doc, coverageToday(input.queries)), 'What report and check hold the database to.');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function indexesNode(doc: Document, input: InitDocumentInput, defaultSchema: string): YAMLSeq {
  const { found } = input;
  const seq = new YAMLSeq();
  const byTable = new Map<string, SpecEntry[]>();
  for (const entry of found.entries) {
    const key = tableKey(entry.schema, entry.table);
    byTable.set(key, [...(byTable.get(key) ?? []), entry]);
  }
  const trailing: string[] = [];
  for (const table of input.tables) {
    const notes = tableNotes(input, table);
    const entries = byTable.get(tableKey(table.schema, table.name)) ?? [];
    if (entries.length === 0) {
      if (notes.length) trailing.push(tableTitle(table), ...notes);
      continue;
    }
    entries.forEach((entry, i) => {
      const node = entryNode(doc, entry, defaultSchema);
      const lines = [...(i === 0 ? [tableTitle(table), ...notes] : []), ...entry.notes.map((n) => `  ${entry.name}: ${n} stays on the index; the spec does not manage storage`)];
      if (lines.length) node.commentBefore = lines.map((l) => ` ${l}`).join('\n');
      if (i === 0 && seq.items.length) node.spaceBefore = true;
      seq.items.push(node);
    });
  }
  if (found.attached.length) trailing.push(`${found.attached.length} partition index${found.attached.length === 1 ? ' is' : 'es are'} attached to the partitioned indexes above and managed through them.`);
  if (seq.items.length === 0) {
    seq.flow = true;
    trailing.unshift('No index to manage on the chosen tables yet.');
  }
  if (trailing.length) seq.comment = trailing.map((l) => ` ${l}`).join('\n');
  return seq;
}

function tableNotes(input: InitDocumentInput, table: InitTable): string[] {
  const same = (i: { schema: string; table: string }) => i.schema === table.schema && i.table === table.name;
  return [
    ...input.found.constraints.filter(same).map((c) => `  ${c.constraint.replace('-', ' ')} ${c.index}: ${c.definition} (a constraint's index; change the constraint instead)`),
    ...input.found.skipped.filter(same).map((s) => `  skipped ${s.index}: ${s.reason}`),
  ];
}

function tableTitle(table: InitTable): string {
  const kind = table.kind === 'partitioned' ? ' (partitioned table)' : table.kind === 'materialized-view' ? ' (materialized view)' : table.isPartition ? ' (partition)' : '';
  return `${table.schema}.${table.name}${kind}`;
}

function entryNode(doc: Document, entry: SpecEntry, defaultSchema: string): YAMLMap {
  const plain: Record<string, unknown> = { name: entry.name };
  if (entry.schema !== defaultSchema) plain.schema = entry.schema;
  plain.table = entry.table;
  if (entry.using !== 'btree') plain.using = entry.using;
  if (entry.unique) plain.unique = true;
  if (entry.nullsNotDistinct) plain.nulls_not_distinct = true;
  plain.columns = entry.columns.map(columnValue);
  if (entry.include.length) plain.include = entry.include;
  if (entry.where !== undefined) plain.where = entry.where;
  const node = doc.createNode(plain) as YAMLMap;
  for (const key of ['columns', 'include']) {
    const seq = node.get(key, true) as YAMLSeq | undefined;
    if (!seq) continue;
    if (fitsOnALine(seq.toJSON())) seq.flow = true;
    else for (const item of seq.items) if (isMap(item) && fitsOnALine(item.toJSON())) item.flow = true;
  }
  return node;
}

function columnValue(column: IndexColumnSpec): string | Record<string, string> {
  const keys = Object.keys(column).filter((k) => column[k as keyof IndexColumnSpec] !== undefined);
  if (column.column !== undefined && keys.length === 1) return column.column;
  const out: Record<string, string> = {};
  for (const key of ['column', 'expression', 'collate', 'opclass', 'order', 'nulls'] as const) {
    const value = column[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Short enough to read as `[a, { column: b, order: desc }]` after `columns: `. */
function fitsOnALine(value: unknown): boolean {
  return JSON.stringify(value).length <= 64;
}

function queriesNode(doc: Document, queries: SampleQuery[]): YAMLSeq {
  const seq = new YAMLSeq();
  queries.forEach((query, i) => {
    const node = doc.createNode({ name: query.name, sql: query.sql, ...(query.noSeqScan ? { expect: { no_seq_scan: true } } : {}) }) as YAMLMap;
    const sql = node.get('sql', true) as Scalar;
    if (query.sql.includes('\n')) sql.type = Scalar.BLOCK_LITERAL;
    const expect = node.get('expect', true) as YAMLMap | undefined;
    if (expect) expect.flow = true;
    node.commentBefore = ` ${query.note}`;
    if (i > 0) node.spaceBefore = true;
    seq.items.push(node);
  });
  return seq;
}

function tableKey(schema: string, table: string): string {
  return `${schema}\u0000${table}`;
}

/** The schema most entries live in (public on a tie), so most entries need no `schema:`. */
function mostCommonSchema(schemas: string[], tables: InitTable[]): string {
  const counts = new Map<string, number>();
  for (const schema of schemas.length ? schemas : tables.map((t) => t.schema)) counts.set(schema, (counts.get(schema) ?? 0) + 1);
  let best = 'public';
  let bestCount = counts.get('public') ?? 0;
  for (const [schema, count] of counts) if (count > bestCount) [best, bestCount] = [schema, count];
  return best;
}
