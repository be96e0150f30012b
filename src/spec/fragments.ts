import type { PendingFragment } from './validate.js';
import type { Walker } from './yaml-walk.js';
import { pgParser } from '../util/pg-parser.js';

export type FragmentKind = 'expression' | 'where';
export type FragmentResult = { sql: string } | { error: string };

/**
 * Index expressions and predicates are parsed by the real PostgreSQL parser
 * (libpg-query) before anything reaches a database: the fragment is wrapped in
 * a CREATE INDEX, which must parse as exactly one statement with exactly one
 * index element (or one predicate), and the SQL perfctl sends is rebuilt from
 * that parse tree, so comments and injected statements never travel. Parsed
 * on every run: nothing read from disk may supply SQL that perfctl sends.
 */
export async function checkFragments(w: Walker, fragments: PendingFragment[]): Promise<void> {
  if (fragments.length === 0) return;
  for (const fragment of fragments) {
    const result = await normaliseFragment(fragment.kind, fragment.text);
    if ('error' in result) {
      w.add(fragment.node, fragment.path, result.error);
      continue;
    }
    fragment.accept(result.sql);
  }
}

/**
 * One expression or predicate, rebuilt from its parse tree (or why it cannot
 * be). `fromCatalog`: the text is PostgreSQL's own printout of a stored
 * expression (pg_get_expr), whose implicit casts need undoing (see below).
 */
export async function normaliseFragment(kind: FragmentKind, text: string, options: { fromCatalog?: boolean } = {}): Promise<FragmentResult> {
  const { parse } = await pgParser();
  const { deparse } = await import('pgsql-deparser');
  const sql =
    kind === 'expression'
      ? `CREATE INDEX perfctl_check ON perfctl_check ((${text}\n))`
      : `CREATE INDEX perfctl_check ON perfctl_check (perfctl_check) WHERE ${text}\n`;
  let tree: ParseResult;
  try {
    tree = (await parse(sql)) as ParseResult;
  } catch (error) {
    return { error: `not valid SQL: ${(error as Error).message}` };
  }
  const statements = tree.stmts ?? [];
  const index = statements.length === 1 ? statements[0]?.stmt?.IndexStmt : undefined;
  const node = kind === 'expression' ? singleExpression(index) : index?.whereClause;
  if (!index || !node) {
    const what = kind === 'expression' ? 'a single expression' : 'a single boolean condition';
    return { error: `must be ${what}; "${shorten(text)}" is not (a stray parenthesis, comma or semicolon?)` };
  }
  if (JSON.stringify(node).includes('"SubLink"')) return { error: 'subqueries are not allowed in index expressions or predicates' };
  return { sql: await deparse((options.fromCatalog ? withoutImplicitArrayCasts(node) : node) as never, { pretty: false }) };
}

/**
 * PostgreSQL prints an implicit array coercion as a cast, `ARRAY['a'::character
 * varying]::text[]` (what `status IN ('a')` on a varchar column becomes), but
 * parses that same text differently: an explicit cast of an ARRAY[...]
 * constructor is pushed into its elements, so the predicate no longer prints
 * the same and the index would not be recognised. An explicit cast written
 * on a constructor is always pushed down, so a printed one was implicit:
 * dropping it lets the parser coerce again exactly as it did the first time.
 */
function withoutImplicitArrayCasts(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutImplicitArrayCasts);
  if (node === null || typeof node !== 'object') return node;
  const cast = (node as { TypeCast?: { arg?: { A_ArrayExpr?: unknown }; typeName?: { arrayBounds?: unknown[] } } }).TypeCast;
  if (cast?.arg?.A_ArrayExpr && cast.typeName?.arrayBounds?.length) return withoutImplicitArrayCasts(cast.arg);
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withoutImplicitArrayCasts(value)]));
}

interface ParseResult {
  stmts?: Array<{ stmt?: { IndexStmt?: { indexParams?: Array<{ IndexElem?: { expr?: unknown } }>; whereClause?: unknown } } }>;
}

function singleExpression(index: NonNullable<NonNullable<ParseResult['stmts']>[number]['stmt']>['IndexStmt']): unknown {
  const params = index?.indexParams ?? [];
  return params.length === 1 ? params[0]?.IndexElem?.expr : undefined;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
