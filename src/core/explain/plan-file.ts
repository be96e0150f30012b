import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../errors.js';
import { stripPsql } from './input/psql.js';
import { parseTextPlan, type TextPlan } from './input/text.js';
import { parseXmlPlan } from './input/xml.js';
import type { ExplainJson } from './normalise.js';
import type { TableStats } from './types.js';

export type PlanFormat = 'json' | 'yaml' | 'xml' | 'text' | 'saved';

/** What a plan file holds: PostgreSQL's output, and what perfctl knew when it saved it (--save). */
export interface PlanFile {
  raw: ExplainJson;
  format: PlanFormat;
  label?: string;
  sql?: string;
  tables?: TableStats[];
  /** What was detected and what cannot be known from this input, one line each. */
  notes: string[];
}

const HINT = 'Give the output of EXPLAIN (ANALYZE, BUFFERS) in any format (text, JSON, YAML, XML), as psql or a log prints it, or a file written by perfctl explain --save.';

/**
 * Read a plan as people have it: EXPLAIN's text, JSON, YAML or XML output,
 * bare or as psql prints it (header, frame, "+" continuations, footer), with
 * a UTF-8 BOM, or inside a log (auto_explain); or a file written by
 * `perfctl explain --save`. Pure: `name` is for messages.
 */
export function parsePlanFile(input: string, name: string): PlanFile {
  const text = input.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new UsageError(`${name} is empty: no plan to read`, { hint: HINT });
  const json = parseJsonLenient(text);
  if (json !== undefined) {
    const saved = json as { kind?: string; postgres_explain?: unknown; label?: string; sql?: string | null; saved_tables?: TableStats[] };
    if (saved && saved.kind === 'explain' && saved.postgres_explain) {
      return { raw: unwrap(saved.postgres_explain, name, 'JSON'), format: 'saved', label: saved.label, sql: saved.sql ?? undefined, tables: saved.saved_tables, notes: [] };
    }
    return withNotes({ raw: unwrap(json, name, 'JSON'), format: 'json', notes: [] });
  }
  const lines = stripPsql(text);
  const body = lines.join('\n');
  if (/<explain[\s>]/.test(body)) return withNotes({ raw: unwrap(parseXmlPlan(body), name, 'XML'), format: 'xml', notes: [] });
  if (/^\s*-\s+Plan:\s*$/m.test(body)) return withNotes({ raw: unwrap(readYaml(body, name), name, 'YAML'), format: 'yaml', notes: [] });
  const plan = parseTextPlan(lines);
  if (!plan) {
    throw new UsageError(`${name} holds no EXPLAIN output: no plan node (such as "Seq Scan on t  (cost=...)") and no JSON, YAML or XML plan found`, { hint: HINT });
  }
  return withNotes({ raw: plan.raw, format: 'text', sql: plan.sql, notes: [textNote(plan)] });
}

function textNote(plan: TextPlan): string {
  const { min, max } = plan.versions;
  const shape = min && max ? `PostgreSQL ${min}–${max} shape` : min ? `PostgreSQL ≥ ${min} shape` : max ? `PostgreSQL ≤ ${max} shape` : 'no version-specific features';
  return `text plan, ${shape}: which child is outer or inner is read from the order of the lines`;
}

/** What the plan cannot tell, whatever its format. */
function withNotes(file: PlanFile): PlanFile {
  const root = file.raw.Plan;
  if (file.format !== 'text') file.notes.push(`${file.format.toUpperCase()} plan`);
  if (root['Actual Loops'] === undefined) file.notes.push('estimates only (no ANALYZE): no timing, no actual rows');
  else if (root['Actual Total Time'] === undefined) file.notes.push('run with TIMING OFF: rows but no per-node time');
  if (root['Actual Loops'] !== undefined && !hasBuffers(root)) file.notes.push('no BUFFERS: no I/O figures');
  return file;
}

function hasBuffers(root: Record<string, unknown>): boolean {
  return Object.keys(root).some((k) => k.endsWith('Blocks'));
}

function unwrap(value: unknown, name: string, format: string): ExplainJson {
  const first = Array.isArray(value) ? value[0] : value;
  const plan = (first as { Plan?: { 'Node Type'?: unknown } } | undefined)?.Plan;
  if (!plan || typeof plan['Node Type'] !== 'string') {
    throw new UsageError(`${name} is not an EXPLAIN output: ${format} without a "Plan" holding a "Node Type" at the top`, { hint: HINT });
  }
  return first as ExplainJson;
}

function readYaml(text: string, name: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new UsageError(`${name} looks like an EXPLAIN (FORMAT YAML) output but is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { hint: HINT });
  }
}

/** JSON as is, or inside psql's output (header, frame, "+" continuations, footer). Undefined when there is none. */
function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const cleaned = stripPsql(text).join('\n');
    const start = cleaned.search(/^\s*[[{]/m);
    const end = Math.max(cleaned.lastIndexOf(']'), cleaned.lastIndexOf('}'));
    if (start === -1 || end <= start) return undefined;
    try {
      return JSON.parse(cleaned.slice(start, end + 1));
    } catch {
      return undefined;
    }
  }
}
