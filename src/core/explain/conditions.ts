import { processCache, type ParseCache } from '../../util/parse-cache.js';
import type { AnalyzedPlan, ConditionColumns } from './types.js';
import { pgParser } from '../../util/pg-parser.js';

type Tree = Record<string, unknown>;

/**
 * Fill `filterColumns` on scans that filter rows, from the condition text
 * PostgreSQL printed, parsed with its own parser (libpg-query): the columns a
 * covering index should lead with. Conditions that do not parse (rare
 * internal forms) are simply left without advice. Answers are kept in the
 * parse cache (column names only), so a plan seen before needs no parser.
 */
export async function annotateConditions(plan: AnalyzedPlan, cache: ParseCache = processCache('statements')): Promise<void> {
  const pending = plan.nodes.filter((n) => n.conditions.filter && (n.relation || n.index));
  for (const node of pending) {
    const text = `SELECT WHERE ${node.conditions.filter}`;
    const known = readColumns(cache.get('condition', text));
    const columns = known !== undefined ? known : await parseColumns(text);
    if (known === undefined) cache.set('condition', text, JSON.stringify(columns));
    if (columns) node.filterColumns = columns;
  }
  cache.save();
}

async function parseColumns(text: string): Promise<ConditionColumns | null> {
  const { parse } = await pgParser();
  try {
    const tree = (await parse(text)) as { stmts?: Array<{ stmt?: { SelectStmt?: { whereClause?: Tree } } }> };
    const where = tree.stmts?.[0]?.stmt?.SelectStmt?.whereClause;
    return where ? columnsOf(where) : null;
  } catch {
    // Not every printed condition is valid SQL (e.g. "(hashed SubPlan 1)"); no advice then.
    return null;
  }
}

/** A cached answer: the columns, null (no advice), or undefined for a miss or anything malformed. */
function readColumns(value: string | undefined): ConditionColumns | null | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as ConditionColumns | null;
    if (parsed === null) return null;
    const names = (list: unknown) => Array.isArray(list) && list.every((n) => typeof n === 'string');
    return names(parsed.equality) && names(parsed.other) ? { equality: parsed.equality, other: parsed.other } : undefined;
  } catch {
    return undefined;
  }
}

/** The columns of the top-level AND-ed conditions, equality ones first. Exported for tests. */
export function columnsOf(where: Tree): ConditionColumns {
  const result: ConditionColumns = { equality: [], other: [] };
  // A bare boolean column is an equality too, but rarely selective: it goes after the compared ones.
  const booleans: string[] = [];
  const add = (list: string[], name: string | undefined) => {
    if (name && !result.equality.includes(name) && !result.other.includes(name)) list.push(name);
  };
  for (const term of conjuncts(where)) {
    const column = columnName(term);
    if (column) {
      if (!booleans.includes(column)) booleans.push(column);
      continue;
    }
    if (term.NullTest) {
      add(result.equality, columnName((term.NullTest as Tree).arg as Tree));
      continue;
    }
    const expr = term.A_Expr as Tree | undefined;
    if (!expr) continue;
    const left = columnName(expr.lexpr as Tree);
    const right = columnName(expr.rexpr as Tree);
    // Column compared with a column is a join condition, not something to index here.
    if ((left && right) || (!left && !right)) continue;
    const operator = ((expr.name as Tree[] | undefined)?.[0]?.String as Tree | undefined)?.sval;
    add(expr.kind === 'AEXPR_OP' && operator === '=' ? result.equality : result.other, left ?? right);
  }
  for (const column of booleans) add(result.equality, column);
  // Move anything that also appears as equality out of "other" (e.g. a = 1 AND a < 5).
  result.other = result.other.filter((c) => !result.equality.includes(c));
  return result;
}

function conjuncts(tree: Tree): Tree[] {
  const bool = tree.BoolExpr as Tree | undefined;
  if (bool?.boolop === 'AND_EXPR') return (bool.args as Tree[]).flatMap(conjuncts);
  return [tree];
}

/** A bare column, possibly behind a cast: `status`, `p.status`, `(status)::text`. */
function columnName(tree: Tree | undefined): string | undefined {
  if (!tree) return undefined;
  if (tree.TypeCast) return columnName((tree.TypeCast as Tree).arg as Tree);
  const ref = tree.ColumnRef as { fields?: Array<{ String?: { sval?: string } }> } | undefined;
  const last = ref?.fields?.[ref.fields.length - 1];
  return last?.String?.sval;
}
