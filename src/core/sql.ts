import type { IndexColumnSpec, IndexSpec } from '../spec/types.js';
import { quoteIdent } from '../util/text.js';

export interface CreateIndexOptions {
  /** Build under another name (e.g. a temporary one for a replace). */
  name?: string;
  concurrently: boolean;
  /** Build on another relation (SQL, already quoted), e.g. an empty temporary copy of the table. */
  on?: string;
  /** Storage parameters as PostgreSQL lists them ("fillfactor=70"), carried over from the index being replaced. */
  storage?: string[];
  tablespace?: string | null;
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
  if (options.storage?.length) sql += ` WITH (${options.storage.map(renderStorageParameter).join(', ')})`;
  if (options.tablespace) sql += ` TABLESPACE ${quoteIdent(options.tablespace)}`;
  if (index.where) sql += ` WHERE ${index.where}`;
  return sql;
}

/** "fillfactor=70" → fillfactor = '70' (reloption names are plain lowercase words; values may be quoted). */
function renderStorageParameter(option: string): string {
  const at = option.indexOf('=');
  return `${quoteIdent(option.slice(0, at))} = ${literal(option.slice(at + 1))}`;
}

/** A string literal that reads the same whatever standard_conforming_strings is. */
export function literal(value: string): string {
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

export function renderReplicaIdentity(schema: string, table: string, index: string): string {
  return `ALTER TABLE ${qualified(schema, table)} REPLICA IDENTITY USING INDEX ${quoteIdent(index)}`;
}

export function renderClusterOn(schema: string, table: string, index: string): string {
  return `ALTER TABLE ${qualified(schema, table)} CLUSTER ON ${quoteIdent(index)}`;
}

export function renderIndexComment(schema: string, index: string, comment: string): string {
  return `COMMENT ON INDEX ${qualified(schema, index)} IS ${literal(comment)}`;
}

export function renderStatisticsTarget(schema: string, index: string, column: number, target: number): string {
  return `ALTER INDEX ${qualified(schema, index)} ALTER COLUMN ${column} SET STATISTICS ${target}`;
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

export function renderAttachIndex(parentSchema: string, parent: string, schema: string, name: string): string {
  return `ALTER INDEX ${qualified(parentSchema, parent)} ATTACH PARTITION ${qualified(schema, name)}`;
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
