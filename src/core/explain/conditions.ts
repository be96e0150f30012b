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
