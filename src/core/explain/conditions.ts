import type { AnalyzedPlan, ConditionColumns } from './types.js';
import { pgParser } from '../../util/pg-parser.js';

type Tree = Record<string, unknown>;

/**
 * Fill `filterColumns` on scans that filter rows, from the condition text
 * PostgreSQL printed, parsed with its own parser (libpg-query): the columns a
 * covering index should lead with. Conditions that do not parse (rare
 * internal forms) are simply left without advice.
 */
export async function annotateConditions(plan: AnalyzedPlan): Promise<void> {
  const pending = plan.nodes.filter((n) => n.conditions.filter && (n.relation || n.index));
  for (const node of pending) {
    const columns = await parseColumns(`SELECT WHERE ${node.conditions.filter}`);
    if (columns) node.filterColumns = columns;
  }
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

/** The columns of the top-level AND-ed conditions, equality ones first, and what kind of index could serve each term. Exported for tests. */
export function columnsOf(where: Tree): ConditionColumns {
  const result: ConditionColumns = { equality: [], other: [], expressions: [], trigram: [], unindexable: [] };
  // A bare boolean column is an equality too, but rarely selective: it goes after the compared ones.
  const booleans: string[] = [];
  const add = (list: string[], name: string | undefined) => {
    if (name && !list.includes(name) && !result.equality.includes(name) && !result.other.includes(name)) list.push(name);
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
    if (!expr) {
      if (term.BoolExpr) result.unindexable.push('OR/NOT of conditions');
      continue;
    }
    const left = columnName(expr.lexpr as Tree) ?? expression(expr.lexpr as Tree);
    const right = columnName(expr.rexpr as Tree) ?? expression(expr.rexpr as Tree);
    // Column compared with a column is a join condition, not something to index here.
    if ((left && right) || (!left && !right)) continue;
    const target = (left ?? right)!;
    const isExpression = !columnName((left ? expr.lexpr : expr.rexpr) as Tree);
    const operator = ((expr.name as Tree[] | undefined)?.[0]?.String as Tree | undefined)?.sval as string | undefined;
    const kind = expr.kind === 'AEXPR_OP' ? classify(operator, constantText((left ? expr.rexpr : expr.lexpr) as Tree)) : expr.kind === 'AEXPR_IN' || expr.kind === 'AEXPR_BETWEEN' ? 'range' : 'none';
    if (kind === 'equality') add(isExpression ? result.expressions : result.equality, target);
    else if (kind === 'range') add(isExpression ? result.expressions : result.other, target);
    else if (kind === 'trigram') add(result.trigram, target);
    else add(result.unindexable, `${target} ${operator ?? ''}`.trim());
  }
  for (const column of booleans) add(result.equality, column);
  // Move anything that also appears as equality out of "other" (e.g. a = 1 AND a < 5).
  result.other = result.other.filter((c) => !result.equality.includes(c));
  return result;
}

/**
 * What a btree can do with `column <op> constant`: =, ranges and LIKE with a
 * fixed prefix it serves; unanchored LIKE, ILIKE and regular expressions need
 * a trigram index (pg_trgm); <> and negated matches no index serves well.
 */
function classify(operator: string | undefined, constant: string | undefined): 'equality' | 'range' | 'trigram' | 'none' {
  if (operator === '=') return 'equality';
  if (operator === '<' || operator === '<=' || operator === '>' || operator === '>=') return 'range';
  if (operator === '~~') return constant !== undefined && /^[^%_]/.test(constant) ? 'range' : 'trigram';
  if (operator === '~') return constant !== undefined && /^\^[\w ]/.test(constant) ? 'range' : 'trigram';
  if (operator === '~~*' || operator === '~*') return 'trigram';
  return 'none';
}

function constantText(tree: Tree | undefined): string | undefined {
  if (!tree) return undefined;
  if (tree.TypeCast) return constantText((tree.TypeCast as Tree).arg as Tree);
  const sval = ((tree.A_Const as Tree | undefined)?.sval as Tree | undefined)?.sval;
  return typeof sval === 'string' ? sval : undefined;
}

/** f(column) with one column among its arguments, printed back as "f(column)": what an expression index is built on. */
function expression(tree: Tree | undefined): string | undefined {
  if (!tree) return undefined;
  if (tree.TypeCast) return expression((tree.TypeCast as Tree).arg as Tree);
  const call = tree.FuncCall as Tree | undefined;
  if (!call) return undefined;
  const name = (call.funcname as Tree[] | undefined)?.map((n) => (n.String as Tree | undefined)?.sval).filter(Boolean).join('.');
  const args = (call.args as Tree[] | undefined) ?? [];
  const columns = args.map((a) => columnName(a));
  if (!name || args.length !== 1 || !columns[0]) return undefined;
  return `${name}(${columns[0]})`;
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
