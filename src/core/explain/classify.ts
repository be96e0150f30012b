import { ExitCode, PerfctlError } from '../../errors.js';
import { byteToCharIndex, caretExcerpt } from '../../util/caret.js';
import { pgParser } from '../../util/pg-parser.js';

export type StatementCommand = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE';

/** What perfctl needs to know about a statement before anything is sent. */
export interface ClassifiedStatement {
  command: StatementCommand;
  /** INSERT/UPDATE/DELETE/MERGE, or a SELECT with a data-modifying CTE. */
  writes: boolean;
  writingCte: boolean;
  /** The statement alone, without a trailing semicolon or surrounding comments: what is sent. */
  text: string;
  /** Where `text` starts in the input (characters), to map server error positions back. */
  offset: number;
  /** The highest $n used. */
  paramCount: number;
  /** Effects a ROLLBACK does not undo, for --allow-dml warnings. */
  sideEffects: string[];
}

const DML: Record<string, StatementCommand> = { InsertStmt: 'INSERT', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE', MergeStmt: 'MERGE' };

type Tree = Record<string, unknown>;
interface ParseResult {
  stmts?: Array<{ stmt?: Tree; stmt_location?: number; stmt_len?: number }>;
}

/** What the parse tree says, before the statement's text is cut out of the input. */
interface Facts {
  command: StatementCommand;
  writingCte: boolean;
  /** The statement's span in the input, in characters. */
  start: number;
  end: number;
  paramCount: number;
  sideEffects: string[];
}

/**
 * Parse with PostgreSQL's own parser (libpg-query) and refuse, before any
 * connection is opened, what EXPLAIN must never run: several statements,
 * transaction control, utility statements (DDL, SET, COPY, CALL, ...).
 * Parsed on every run: no verdict is ever read from disk.
 */
export async function classifyStatement(sql: string): Promise<ClassifiedStatement> {
  return fromFacts(sql, await parseFacts(sql));
}

/** Several statements (check's sample queries), each classified or refused on its own. */
export async function classifyStatements(sqls: string[]): Promise<Array<ClassifiedStatement | PerfctlError>> {
  const results: Array<ClassifiedStatement | PerfctlError> = [];
  for (const sql of sqls) results.push(await classifyStatement(sql).catch(refusal));
  return results;
}

function refusal(error: unknown): PerfctlError {
  if (error instanceof PerfctlError) return error;
  throw error;
}

async function parseFacts(sql: string): Promise<Facts> {
  const { parse } = await pgParser();
  let tree: ParseResult;
  try {
    tree = (await parse(sql)) as ParseResult;
  } catch (error) {
    throw syntaxError(sql, error);
  }
  const statements = (tree.stmts ?? []).filter((s) => s.stmt);
  if (statements.length === 0) throw refused('there is no statement to explain', 'Give one SELECT, INSERT, UPDATE, DELETE or MERGE statement.');
  if (statements.length > 1) {
    throw refused(`${statements.length} statements given; perfctl explains exactly one, and sent nothing`, 'Explain each statement on its own.');
  }
  const entry = statements[0]!;
  const [type, body] = Object.entries(entry.stmt!)[0] as [string, Tree];
  const command = type === 'SelectStmt' && !body.intoClause ? 'SELECT' : DML[type];
  if (!command) throw refusedType(type);
  const startByte = entry.stmt_location ?? 0;
  const endByte = entry.stmt_len ? startByte + entry.stmt_len : Buffer.byteLength(sql, 'utf8');
  return {
    command,
    writingCte: hasWritingCte(body),
    start: byteToCharIndex(sql, startByte),
    end: byteToCharIndex(sql, endByte),
    paramCount: maxParam(entry.stmt),
    sideEffects: sideEffects(entry.stmt, command),
  };
}

function fromFacts(sql: string, facts: Facts): ClassifiedStatement {
  const { command, writingCte, start, end, paramCount, sideEffects } = facts;
  const rest = sql.slice(start);
  return {
    command,
    writes: command !== 'SELECT' || writingCte,
    writingCte,
    text: sql.slice(start, end).trim(),
    offset: start + (rest.length - rest.trimStart().length),
    paramCount,
    sideEffects,
  };
}

function refusedType(type: string): PerfctlError {
  if (type === 'TransactionStmt') return refused('transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) is refused: perfctl runs the statement in its own rolled-back transaction', 'Give the statement alone.');
  if (type === 'ExplainStmt') return refused('the input is already an EXPLAIN; perfctl adds EXPLAIN itself', 'Give the statement without EXPLAIN (use --no-analyze for estimates only).');
  if (type === 'SelectStmt') return refused('SELECT ... INTO creates a table and is refused', 'Explain the SELECT without INTO.');
  const name = type.replace(/Stmt$/, '');
  return refused(`utility statements (${name}) are refused: only SELECT, INSERT, UPDATE, DELETE and MERGE can be explained`, 'Explain a query; run DDL and settings changes with psql or perfctl indexes apply.');
}

function refused(message: string, hint: string): PerfctlError {
  return new PerfctlError('explain-refused', message, ExitCode.usage, { hint });
}

/** libpg-query's error, pointed at with a caret like psql does. */
function syntaxError(sql: string, error: unknown): PerfctlError {
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
  const message = details?.message ?? (error as Error).message;
  let index = details?.cursorPosition === undefined ? undefined : byteToCharIndex(sql, details.cursorPosition);
  // The reported offset can drift on non-ASCII input: prefer the quoted token nearest to it.
  const token = /at or near "(.*)"$/.exec(message)?.[1];
  if (token && index !== undefined && sql.slice(index, index + token.length) !== token) {
    const candidates = [...sql.matchAll(new RegExp(token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((m) => m.index!);
    if (candidates.length) index = candidates.reduce((best, c) => (Math.abs(c - index!) < Math.abs(best - index!) ? c : best));
  }
  const excerpt = index === undefined ? '' : `\n${caretExcerpt(sql, index)}`;
  return new PerfctlError('sql-syntax', `${message}${excerpt}`, ExitCode.usage, {
    hint: 'Fix the SQL; nothing was sent to the server.',
    details: { position: index === undefined ? undefined : index + 1 },
  });
}

function hasWritingCte(body: Tree): boolean {
  const ctes = ((body.withClause as Tree | undefined)?.ctes as Tree[] | undefined) ?? [];
  return ctes.some((c) => {
    const query = (c.CommonTableExpr as Tree | undefined)?.ctequery as Tree | undefined;
    return query !== undefined && (Object.keys(query)[0]! in DML || hasWritingCte(Object.values(query)[0] as Tree));
  });
}

function* walk(tree: unknown): Generator<Tree> {
  if (Array.isArray(tree)) for (const item of tree) yield* walk(item);
  else if (tree && typeof tree === 'object') {
    yield tree as Tree;
    for (const value of Object.values(tree)) yield* walk(value);
  }
}

function maxParam(tree: unknown): number {
  let max = 0;
  for (const node of walk(tree)) {
    const ref = node.ParamRef as { number?: number } | undefined;
    if (ref?.number && ref.number > max) max = ref.number;
  }
  return max;
}

function functionNames(tree: unknown): Set<string> {
  const names = new Set<string>();
  for (const node of walk(tree)) {
    const call = node.FuncCall as { funcname?: Array<{ String?: { sval?: string } }> } | undefined;
    const name = call?.funcname?.[call.funcname.length - 1]?.String?.sval;
    if (name) names.add(name.toLowerCase());
  }
  return names;
}

function sideEffects(tree: unknown, command: StatementCommand): string[] {
  const calls = functionNames(tree);
  const effects: string[] = [];
  if (calls.has('nextval') || calls.has('setval')) effects.push('sequences advanced by nextval()/setval() stay advanced after the rollback');
  else if (command === 'INSERT' || command === 'MERGE') effects.push('serial and identity columns draw from their sequences, which stay advanced after the rollback');
  if ([...calls].some((c) => c.startsWith('dblink'))) effects.push('dblink runs its statements on another connection: they are not rolled back');
  if ([...calls].some((c) => c.startsWith('pg_advisory') && !c.includes('xact'))) effects.push('session advisory locks outlive the rollback (perfctl closes the connection afterwards)');
  if (command !== 'SELECT') effects.push('triggers fire for real; anything they do outside this database is not rolled back');
  return effects;
}
