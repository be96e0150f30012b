import type { ExplainJson, RawNode } from '../normalise.js';
import { isNodeHeader, parseActual, parseHeader } from './text-node.js';
import { applyProperty } from './text-props.js';
import { readSummaryLine, type Summary } from './text-summary.js';

/** A plan read from EXPLAIN's text format, with what the text told about the server. */
export interface TextPlan {
  raw: ExplainJson;
  /** auto_explain's "Query Text:" line, when the plan came from a log. */
  sql?: string;
  /** The oldest and newest PostgreSQL majors that print a plan like this one. */
  versions: { min?: number; max?: number };
}

interface Frame {
  /** Column where this node's text (or label, or worker) starts: deeper lines belong to it. */
  col: number;
  node?: RawNode;
  label?: { owner: RawNode; name: string; relationship: 'InitPlan' | 'SubPlan' };
  worker?: Record<string, unknown>;
}

const LABEL = /^(InitPlan \d+(?: \(returns .*\))?|SubPlan \d+(?: \(returns .*\))?|CTE .+)$/;
const PROPERTY = /^([A-Z][A-Za-z/ -]*?|[A-Z][A-Za-z]*(?: [A-Za-z]+)*): (.*)$/;

/**
 * Read EXPLAIN's text format into the structure FORMAT JSON prints: node lines
 * ("->"), their property lines, InitPlan/SubPlan/CTE labels, per-worker
 * lines, and the summary (planning, JIT, triggers, execution). Anything before
 * the first node line (a log prefix, psql's header) is skipped. Undefined when
 * there is no plan in the text.
 */
export function parseTextPlan(lines: string[]): TextPlan | undefined {
  const start = lines.findIndex((l) => isNodeHeader(stripArrow(l)));
  if (start === -1) return undefined;
  const sql = lines.slice(0, start).map((l) => /Query Text:\s*(.*)$/.exec(l)?.[1]).find((s) => s !== undefined);
  const prefix = /^\s*/.exec(lines[start]!)![0];
  // In a log every line of the plan carries the root's indentation (a tab): the first that does not ends it.
  const own = prefix === '' ? lines.slice(start) : lines.slice(start, end(lines, start, prefix));
  const body = joinWrapped(own.map((l) => (l.startsWith(prefix) ? l.slice(prefix.length) : l.trimStart())));
  const root = parseHeader(body[0]!)!;
  const summary: Summary = { json: { Plan: root }, block: undefined };
  const stack: Frame[] = [{ col: 0, node: root }];
  for (const line of body.slice(1)) {
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (indent === 0 || (summary.block && indent <= 2 && !content.startsWith('->'))) {
      if (!readSummaryLine(summary, indent, content)) break;
      continue;
    }
    while (stack.length > 1 && stack[stack.length - 1]!.col >= indent) stack.pop();
    const top = stack[stack.length - 1]!;
    if (content.startsWith('->')) {
      const text = content.replace(/^->\s*/, '');
      const node = parseHeader(text);
      if (!node) continue;
      const owner = top.label?.owner ?? top.node ?? ownerOf(stack);
      if (top.label) Object.assign(node, { 'Parent Relationship': top.label.relationship, 'Subplan Name': top.label.name });
      (owner.Plans ??= []).push(node);
      stack.push({ col: indent + content.length - text.length, node });
      continue;
    }
    const label = LABEL.exec(content);
    if (label && !content.includes(': ')) {
      const name = label[1]!;
      stack.push({ col: indent, label: { owner: top.node ?? ownerOf(stack), name, relationship: name.startsWith('SubPlan') ? 'SubPlan' : 'InitPlan' } });
      continue;
    }
    const worker = /^Worker (\d+):\s+(.*)$/.exec(content);
    if (worker && top.node) {
      const entry: Record<string, unknown> = { 'Worker Number': Number(worker[1]) };
      (top.node.Workers as unknown[] | undefined)?.push(entry) ?? (top.node.Workers = [entry]);
      property(entry, worker[2]!);
      stack.push({ col: indent, worker: entry });
      continue;
    }
    property(top.worker ?? top.node ?? ownerOf(stack), content);
  }
  for (const node of walk(root)) {
    relate(node);
    // JSON prints zeros for a node that never ran; the text says "(never executed)".
    if (node['Actual Loops'] === 0) Object.assign(node, { 'Actual Rows': 0 }, root['Actual Total Time'] !== undefined ? { 'Actual Startup Time': 0, 'Actual Total Time': 0 } : {});
  }
  return { raw: summary.json, sql, versions: versions(body) };
}

function end(lines: string[], start: number, prefix: string): number {
  const next = lines.findIndex((l, i) => i > start && l.trim() !== '' && !l.startsWith(prefix));
  return next === -1 ? lines.length : next;
}

function property(target: Record<string, unknown>, content: string): void {
  const actual = parseActual(content);
  if (actual) {
    Object.assign(target, actual);
    return;
  }
  const m = PROPERTY.exec(content);
  if (m) applyProperty(target, m[1]!, m[2]!);
}

function ownerOf(stack: Frame[]): RawNode {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.node) return stack[i]!.node!;
  return stack[0]!.node!;
}

function stripArrow(line: string): string {
  return line.trim().replace(/^->\s*/, '');
}

/**
 * A line cut by a terminal or a narrow window continues on the next one, from
 * its first column: a line there that closes the previous one's parentheses,
 * or any line that cannot start anything (a digit, "(", a lower-case word),
 * is the rest of the line before.
 */
function joinWrapped(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const previous = out[out.length - 1];
    // Every line of a plan starts, after its indentation, with "->" or a capital letter.
    const continues = previous !== undefined && line.trim() !== '' && ((!/^\s/.test(line) && unbalanced(previous)) || !/^(->|[A-Z])/.test(line.trim()));
    if (continues) out[out.length - 1] = previous + line;
    else out.push(line);
  }
  return out.map((l) => l.replace(/\s+$/, ''));
}

function unbalanced(line: string): boolean {
  let depth = 0;
  for (const c of line.replace(/'(?:[^']|'')*'/g, '')) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
  return depth > 0;
}

/** JSON names each child's role; text leaves it to position: members of an Append, the subquery of a Subquery Scan, else outer then inner. */
function relate(node: RawNode): void {
  const plain = (node.Plans ?? []).filter((c) => c['Parent Relationship'] === undefined);
  const member = ['Append', 'Merge Append', 'BitmapAnd', 'BitmapOr', 'Custom Scan'].includes(node['Node Type']);
  plain.forEach((child, i) => {
    child['Parent Relationship'] = member ? 'Member' : node['Node Type'] === 'Subquery Scan' ? 'Subquery' : i === 0 ? 'Outer' : 'Inner';
  });
}

function* walk(node: RawNode): Generator<RawNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* walk(child);
}

/** Features that appeared (or disappeared) in a given major: enough to say "PostgreSQL ≥ 13 shape". */
function versions(lines: string[]): TextPlan['versions'] {
  const text = lines.join('\n');
  const min = [
    [18, /rows=\d+\.\d\d loops|Index Searches:/],
    [17, /\(InitPlan \d+\)\.col\d|Storage: (Memory|Disk)|Serialization:|Generation [\d.]+ ms \(Deform/],
    [14, /Memoize|Async /],
    [13, /^Planning:$|Incremental Sort|Batches: \d+ +Memory Usage|Disk Usage:|WAL:/m],
    [12, /Settings:/],
    [10, /Gather Merge|Parallel Append|Partial (Hash|Group)?Aggregate/],
    [9.6, /Gather|Workers Launched/],
  ] as const;
  const found = min.find(([, re]) => re.test(text));
  const old = /InitPlan \d+ \(returns \$\d+/.test(text) ? 16 : /Total runtime:/.test(text) ? 9.3 : undefined;
  const loopsWithWholeRows = /rows=\d+ loops=(?!1\))/.test(text) && !/rows=\d+\.\d\d loops/.test(text);
  const max = old ?? (loopsWithWholeRows ? 17 : undefined);
  return { min: found?.[0], max };
}
