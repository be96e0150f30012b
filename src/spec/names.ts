import { createHash } from 'node:crypto';
import { byteLength } from '../util/text.js';
import type { IndexColumnSpec, IndexSpec } from './types.js';

const MAX_BYTES = 63;

/**
 * A canonical string for an index's definition, used to spot two spec entries
 * that describe the same index. Defaults are spelled out so that `asc` and
 * nothing compare equal.
 */
export function definitionKey(index: Omit<IndexSpec, 'name' | 'nameGiven' | 'pos'>): string {
  const columns = index.columns.map(columnKey).join(',');
  return [
    `${index.schema}.${index.table}`,
    index.using,
    index.unique ? 'unique' : '',
    index.nullsNotDistinct ? 'nnd' : '',
    columns,
    `include(${index.include.join(',')})`,
    `where(${index.where ?? ''})`,
  ].join('|');
}

function columnKey(column: IndexColumnSpec): string {
  const order = column.order ?? 'asc';
  const nulls = column.nulls ?? (order === 'desc' ? 'first' : 'last');
  const target = column.column !== undefined ? `c:${column.column}` : `e:${column.expression}`;
  return `${target} ${order} ${nulls} ${column.opclass ?? ''} ${column.collate ?? ''}`;
}

/**
 * A stable name for an index the spec does not name: idx_<table>_<columns>,
 * with a short hash of the definition when it has an expression or predicate
 * (so two partial indexes on one column get different names) or when it would
 * exceed 63 bytes. Truncation counts bytes, never characters.
 */
export function deriveIndexName(index: Omit<IndexSpec, 'name' | 'nameGiven' | 'pos'>): string {
  const parts = index.columns.map((c) => (c.column !== undefined ? c.column : 'expr'));
  const base = sanitize(`idx_${index.table}_${parts.join('_')}`);
  const hash = createHash('sha256').update(definitionKey(index)).digest('hex').slice(0, 8);
  const needsHash = index.where !== undefined || index.columns.some((c) => c.expression !== undefined);
  if (!needsHash && byteLength(base) <= MAX_BYTES) return base;
  return `${truncateBytes(base, MAX_BYTES - 9)}_${hash}`;
}

function sanitize(name: string): string {
  return name.replace(/[^\p{L}\p{N}_]+/gu, '_').replace(/_+/g, '_').toLowerCase();
}

export function truncateBytes(text: string, maxBytes: number): string {
  let out = '';
  for (const char of text) {
    if (byteLength(out + char) > maxBytes) break;
    out += char;
  }
  return out;
}
