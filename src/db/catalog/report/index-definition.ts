import { quoteIdent } from '../../../util/text.js';
import type { Reader } from './read.js';
import type { IndexRow } from './types.js';

/** Operator classes by oid, to name the non-default ones in a definition. */
export async function readOpclasses(q: Reader): Promise<Map<number, { name: string; isDefault: boolean }>> {
  const rows = await q<{ oid: string; name: string; is_default: boolean }>(`SELECT o.oid::int8 AS oid, o.opcname AS name, o.opcdefault AS is_default FROM pg_catalog.pg_opclass o`);
  return new Map(rows.map((r) => [Number(r.oid), { name: r.name, isDefault: r.is_default }]));
}

/**
 * CREATE INDEX as pg_get_indexdef would print it, from the catalog parts
 * (non-default collations and storage parameters are left out).
 */
export function renderIndexDefinition(i: Omit<IndexRow, 'definition'>, opclasses: Map<number, { name: string; isDefault: boolean }>): string {
  const keys = i.columns.slice(0, i.keyCount).map((column, k) => {
    let sql = i.attnums[k] === 0 ? (looksLikeFunctionCall(column) ? column : `(${column})`) : ident(column);
    const opclass = opclasses.get(i.opclasses[k]!);
    if (opclass && !opclass.isDefault) sql += ` ${ident(opclass.name)}`;
    const desc = ((i.options[k] ?? 0) & 1) !== 0;
    const nullsFirst = ((i.options[k] ?? 0) & 2) !== 0;
    if (desc) sql += nullsFirst ? ' DESC' : ' DESC NULLS LAST';
    else if (nullsFirst) sql += ' NULLS FIRST';
    return sql;
  });
  let sql = `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${ident(i.name)} ON ${ident(i.schema)}.${ident(i.table)} USING ${i.method} (${keys.join(', ')})`;
  const include = i.columns.slice(i.keyCount);
  if (include.length) sql += ` INCLUDE (${include.map(ident).join(', ')})`;
  if (i.predicate) sql += ` WHERE (${i.predicate})`;
  return sql;
}

function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}

/** pg_get_indexdef leaves a bare function call unparenthesised and wraps any other expression. */
function looksLikeFunctionCall(expression: string): boolean {
  const open = /^[A-Za-z_][\w$.]*\(/.exec(expression)?.[0].length;
  if (open === undefined || !expression.endsWith(')')) return false;
  let depth = 0;
  for (let k = open - 1; k < expression.length; k++) {
    if (expression[k] === '(') depth++;
    else if (expression[k] === ')' && --depth === 0) return k === expression.length - 1;
  }
  return false;
}
