import type { IndexColumnSpec, IndexSpec } from '../spec/types.js';
import { quoteIdent } from '../util/text.js';

export interface CreateIndexOptions {
  /** Build under another name (e.g. a temporary one for a replace). */
  name?: string;
  concurrently: boolean;
  /** Build on another relation (SQL, already quoted), e.g. an empty temporary copy of the table. */
  on?: string;
}

/**
 * The one renderer of CREATE INDEX: what `plan` prints is what `apply` runs.
 * Identifiers are always quoted; expressions and predicates are the SQL
 * rebuilt from their parse tree by the spec loader.
 */
export function renderCreateIndex(index: IndexSpec, options: CreateIndexOptions): string {
  const parts = ['CREATE'];
  if (index.unique) parts.push('UNIQUE');
  parts.push('INDEX');
  if (options.concurrently) parts.push('CONCURRENTLY');
  parts.push(quoteIdent(options.name ?? index.name), 'ON', options.on ?? qualified(index.schema, index.table), 'USING', index.using);
  let sql = `${parts.join(' ')} (${index.columns.map(renderColumn).join(', ')})`;
  if (index.include.length) sql += ` INCLUDE (${index.include.map(quoteIdent).join(', ')})`;
  if (index.nullsNotDistinct) sql += ' NULLS NOT DISTINCT';
  if (index.where) sql += ` WHERE ${index.where}`;
  return sql;
}

function renderColumn(column: IndexColumnSpec): string {
  let sql = column.column !== undefined ? quoteIdent(column.column) : `(${column.expression})`;
  if (column.collate) sql += ` COLLATE ${quoteIdent(column.collate)}`;
  if (column.opclass) sql += ` ${quoteIdent(column.opclass)}`;
  if (column.order) sql += ` ${column.order.toUpperCase()}`;
  if (column.nulls) sql += ` NULLS ${column.nulls.toUpperCase()}`;
  return sql;
}

export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

export function renderDropIndex(schema: string, name: string, options: { concurrently: boolean; ifExists?: boolean }): string {
  return `DROP INDEX${options.concurrently ? ' CONCURRENTLY' : ''}${options.ifExists ? ' IF EXISTS' : ''} ${qualified(schema, name)}`;
}

export function renderRenameIndex(schema: string, from: string, to: string): string {
  return `ALTER INDEX ${qualified(schema, from)} RENAME TO ${quoteIdent(to)}`;
}

export function renderAnalyze(schema: string, table: string): string {
  return `ANALYZE ${qualified(schema, table)}`;
}

/**
 * Counts the key values a unique index would reject. Rows with a NULL key never
 * collide unless NULLS NOT DISTINCT; the predicate limits it like the index.
 */
export function renderDuplicateCount(index: IndexSpec): string {
  const keys = index.columns.map((c) => (c.column !== undefined ? quoteIdent(c.column) : `(${c.expression})`));
  const conditions = [...(index.where ? [`(${index.where})`] : []), ...(index.nullsNotDistinct ? [] : keys.map((k) => `${k} IS NOT NULL`))];
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  return `SELECT pg_catalog.count(*) AS keys FROM (SELECT 1 FROM ${qualified(index.schema, index.table)}${where} GROUP BY ${keys.join(', ')} HAVING pg_catalog.count(*) > 1) AS d`;
}
