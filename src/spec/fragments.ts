import { ParseCache } from '../util/parse-cache.js';
import type { PendingFragment } from './validate.js';
import type { Walker } from './yaml-walk.js';
import { pgParser } from '../util/pg-parser.js';

/**
 * Index expressions and predicates are parsed by the real PostgreSQL parser
 * (libpg-query) before anything reaches a database: the fragment is wrapped in
 * a CREATE INDEX, which must parse as exactly one statement with exactly one
 * index element (or one predicate), and the SQL perfctl sends is rebuilt from
 * that parse tree, so comments and injected statements never travel.
 */
export async function checkFragments(w: Walker, fragments: PendingFragment[]): Promise<void> {
  if (fragments.length === 0) return;
  const cache = ParseCache.open('fragments');
  const cached = fragments.map((f) => cache.get(f.kind, f.text));
  if (cached.every((sql) => sql !== undefined)) {
    fragments.forEach((f, i) => f.accept(cached[i]!));
    return;
  }
  const { parse } = await pgParser();
  const { deparse } = await import('pgsql-deparser');
  for (const fragment of fragments) {
    const sql =
      fragment.kind === 'expression'
        ? `CREATE INDEX perfctl_check ON perfctl_check ((${fragment.text}\n))`
        : `CREATE INDEX perfctl_check ON perfctl_check (perfctl_check) WHERE ${fragment.text}\n`;
    let tree: ParseResult;
    try {
      tree = (await parse(sql)) as ParseResult;
    } catch (error) {
      w.add(fragment.node, fragment.path, `not valid SQL: ${(error as Error).message}`);
      continue;
    }
    const statements = tree.stmts ?? [];
    const index = statements.length === 1 ? statements[0]?.stmt?.IndexStmt : undefined;
    const node = fragment.kind === 'expression' ? singleExpression(index) : index?.whereClause;
    if (!index || !node) {
      const what = fragment.kind === 'expression' ? 'a single expression' : 'a single boolean condition';
      w.add(fragment.node, fragment.path, `must be ${what}; "${shorten(fragment.text)}" is not (a stray parenthesis, comma or semicolon?)`);
      continue;
    }
    const text = JSON.stringify(node);
    if (text.includes('"SubLink"')) {
      w.add(fragment.node, fragment.path, 'subqueries are not allowed in index expressions or predicates');
      continue;
    }
    const normalised = await deparse(node as never, { pretty: false });
    cache.set(fragment.kind, fragment.text, normalised);
    fragment.accept(normalised);
  }
  cache.save();
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
