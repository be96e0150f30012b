import type { IndexKey, IndexShape } from '../../db/catalog/types.js';
import { quoteIdent } from '../../util/text.js';

/** Two indexes with the same signature are the same index (names aside). */
export function signature(shape: IndexShape): string {
  return JSON.stringify([
    shape.method,
    shape.unique,
    shape.nullsNotDistinct,
    shape.keys.map((k) => [k.kind, k.definition, k.opclass, k.collation, k.desc, k.nullsFirst]),
    shape.include,
    shape.predicate,
  ]);
}

/** A readable definition, as PostgreSQL normalised it: `btree (email, lower(name) DESC) WHERE …`. */
export function describeShape(shape: IndexShape): string {
  let text = `${shape.unique ? 'UNIQUE ' : ''}${shape.method} (${shape.keys.map(describeKey).join(', ')})`;
  if (shape.include.length) text += ` INCLUDE (${shape.include.map(quoteIdent).join(', ')})`;
  if (shape.nullsNotDistinct) text += ' NULLS NOT DISTINCT';
  if (shape.predicate) text += ` WHERE ${shape.predicate}`;
  return text;
}

function describeKey(key: IndexKey): string {
  let text = key.kind === 'column' ? quoteIdent(key.definition) : key.definition.startsWith('(') ? key.definition : `(${key.definition})`;
  if (!key.collationIsDefault && key.collation) text += ` COLLATE ${key.collation}`;
  if (!key.opclassIsDefault) text += ` ${key.opclass}`;
  if (key.desc) text += ' DESC';
  if (key.nullsFirst !== key.desc) text += key.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
  return text;
}
