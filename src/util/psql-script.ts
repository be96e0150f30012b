/**
 * A psql script (a schema file, pg_dump's plain output) cut into what the
 * server runs and what only psql understands. Quotes, dollar quotes and
 * comments are respected, so a backslash or semicolon inside them is text.
 */
export type ScriptItem =
  /** SQL statements, exactly as in the file from `start` to `end` (more than one may share an item). */
  | { kind: 'sql'; start: number; end: number }
  /**
   * One statement that only sets ownership or privileges (ALTER … OWNER TO,
   * GRANT, REVOKE, ALTER DEFAULT PRIVILEGES): the roles it names may not
   * exist where the file is loaded, and plans do not depend on it.
   */
  | { kind: 'privileges'; start: number; end: number }
  /** `COPY … FROM stdin;` and the data lines after it, up to `\.`. */
  | { kind: 'copy'; start: number; end: number; data: string; dataLine: number };

export interface Script {
  items: ScriptItem[];
  /** psql set-up meta-commands that were left out, with their line. */
  skipped: Array<{ line: number; command: string }>;
}

export class ScriptError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Meta-commands that only set psql up (pg_dump's \restrict pair, variables, output): nothing for the server. */
const SET_UP = new Set(['restrict', 'unrestrict', 'set', 'unset', 'pset', 'encoding', 'echo', 'qecho', 'timing', 'setenv']);

export function parsePsqlScript(text: string): Script {
  const lines = lineStarts(text);
  const lineOf = (offset: number) => lineAt(lines, offset);
  const items: ScriptItem[] = [];
  const skipped: Script['skipped'] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const statement = stripComments(text.slice(start, end));
    if (!/\S/.test(statement)) return;
    // A privileges statement stands alone, so it starts where its text does (its line is what gets reported).
    if (PRIVILEGES.test(statement)) items.push({ kind: 'privileges', start: statementStart(text, start), end });
    else items.push({ kind: 'sql', start, end });
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') i = endOfLine(text, i);
    else if (c === '/' && text[i + 1] === '*') i = endOfBlockComment(text, i, lineOf);
    else if (c === "'") i = endOfString(text, i, /[eE]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? ''), lineOf);
    else if (c === '"') i = endOfQuoted(text, i, '"', lineOf);
    else if (c === '$' && dollarTag(text, i)) i = endOfDollar(text, i, dollarTag(text, i)!, lineOf);
    else if (c === ';') {
      i += 1;
      const statement = stripComments(text.slice(start, i));
      if (!/^\s*COPY\b[\s\S]*\bFROM\s+STDIN\b/i.test(statement)) {
        push(i);
        start = i;
      } else {
        const copyStart = statementStart(text, start);
        const dataStart = endOfLine(text, i) + 1;
        const end = findDataEnd(text, dataStart);
        if (end === -1) throw new ScriptError(lineOf(copyStart), 'COPY … FROM stdin has no end-of-data line (\\.)');
        items.push({ kind: 'copy', start: copyStart, end: i, data: text.slice(dataStart, end), dataLine: lineOf(dataStart) });
        i = Math.min(text.length, endOfLine(text, end) + 1);
        start = i;
      }
    } else if (c === '\\') {
      const line = lineOf(i);
      const eol = endOfLine(text, i);
      const command = text.slice(i, eol).trim();
      const name = /^\\([a-zA-Z]+|\.)/.exec(command)?.[1] ?? command.slice(1, 2);
      if (/\S/.test(stripComments(text.slice(start, i)))) {
        throw new ScriptError(line, `${shortMeta(command)} inside a statement: perfctl runs SQL, not psql's query buffer commands`);
      }
      if (!SET_UP.has(name)) {
        throw new ScriptError(line, `${shortMeta(command)} is a psql meta-command perfctl does not run (it only skips ${[...SET_UP].map((s) => `\\${s}`).join(', ')})`);
      }
      skipped.push({ line, command: shortMeta(command) });
      i = Math.min(text.length, eol + 1);
      start = i;
    } else i += 1;
  }
  push(text.length);
  return { items: merge(items), skipped };
}

const PRIVILEGES = /^\s*(?:ALTER\s[\s\S]*\sOWNER\s+TO\s|GRANT\s|REVOKE\s|ALTER\s+DEFAULT\s+PRIVILEGES\s)/i;

/** SQL statements next to each other in the file become one item, so the loader sends as few round trips as possible. */
function merge(items: ScriptItem[]): ScriptItem[] {
  const out: ScriptItem[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (item.kind === 'sql' && last?.kind === 'sql' && last.end === item.start) last.end = item.end;
    else out.push({ ...item });
  }
  return out;
}

/** A meta-command as shown in messages: its name, not its argument (\restrict's is a secret-like key). */
function shortMeta(command: string): string {
  return command.split(/\s+/)[0]!;
}

function statementStart(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i += 1;
    if (text.startsWith('--', i)) i = endOfLine(text, i);
    else return i;
  }
}

function findDataEnd(text: string, from: number): number {
  for (let at = from; at <= text.length; ) {
    const eol = endOfLine(text, at);
    if (text.slice(at, eol).replace(/\r$/, '') === '\\.') return at;
    if (eol >= text.length) return -1;
    at = eol + 1;
  }
  return -1;
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '');
}

function endOfLine(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n === -1 ? text.length : n;
}

function endOfBlockComment(text: string, i: number, lineOf: (o: number) => number): number {
  let depth = 0;
  for (let j = i; j < text.length; j += 1) {
    if (text.startsWith('/*', j)) (depth += 1), (j += 1);
    else if (text.startsWith('*/', j)) {
      depth -= 1;
      j += 1;
      if (depth === 0) return j + 1;
    }
  }
  throw new ScriptError(lineOf(i), 'unterminated /* comment');
}

function endOfString(text: string, i: number, backslashEscapes: boolean, lineOf: (o: number) => number): number {
  for (let j = i + 1; j < text.length; j += 1) {
    if (backslashEscapes && text[j] === '\\') j += 1;
    else if (text[j] === "'") {
      if (text[j + 1] === "'") j += 1;
      else return j + 1;
    }
  }
  throw new ScriptError(lineOf(i), 'unterminated quoted string');
}

function endOfQuoted(text: string, i: number, quote: string, lineOf: (o: number) => number): number {
  for (let j = i + 1; j < text.length; j += 1) {
    if (text[j] === quote) {
      if (text[j + 1] === quote) j += 1;
      else return j + 1;
    }
  }
  throw new ScriptError(lineOf(i), 'unterminated quoted identifier');
}

function dollarTag(text: string, i: number): string | undefined {
  if (/[\w$]/.test(text[i - 1] ?? '')) return undefined;
  return /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64))?.[0];
}

function endOfDollar(text: string, i: number, tag: string, lineOf: (o: number) => number): number {
  const close = text.indexOf(tag, i + tag.length);
  if (close === -1) throw new ScriptError(lineOf(i), `unterminated dollar-quoted string ${tag}`);
  return close + tag.length;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of an offset. */
function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
