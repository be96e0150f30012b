import type { IndexColumnSpec, IndexSpec } from '../spec/types.js';
import { quoteIdent } from '../util/text.js';

export interface CreateIndexOptions {
  /** Build under another name (e.g. a temporary one for a replace). */
  name?: string;
  concurrently: boolean;
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
  parts.push(quoteIdent(options.name ?? index.name), 'ON', qualified(index.schema, index.table), 'USING', index.using);
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
