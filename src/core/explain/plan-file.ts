import { UsageError } from '../../errors.js';
import type { ExplainJson } from './normalise.js';
import type { TableStats } from './types.js';

/** What a plan file holds: PostgreSQL's output, and what perfctl knew when it saved it (--save). */
export interface PlanFile {
  raw: ExplainJson;
  label?: string;
  sql?: string;
  tables?: TableStats[];
}

/**
 * Read an EXPLAIN (FORMAT JSON) output — as psql prints it (with or without
 * its header and "+" line continuations), a bare object, or a file written by
 * `perfctl explain --save`. Pure: `name` is for messages.
 */
export function parsePlanFile(text: string, name: string): PlanFile {
  const parsed = parseJsonLenient(text, name);
  const saved = parsed as { kind?: string; postgres_explain?: unknown; label?: string; sql?: string | null; saved_tables?: TableStats[] };
  if (saved && saved.kind === 'explain' && saved.postgres_explain) {
    return { raw: unwrap(saved.postgres_explain, name), label: saved.label, sql: saved.sql ?? undefined, tables: saved.saved_tables };
  }
  return { raw: unwrap(parsed, name) };
}

function unwrap(value: unknown, name: string): ExplainJson {
  const first = Array.isArray(value) ? value[0] : value;
  const plan = (first as { Plan?: { 'Node Type'?: unknown } } | undefined)?.Plan;
  if (!plan || typeof plan['Node Type'] !== 'string') {
    throw new UsageError(`${name} is not an EXPLAIN (FORMAT JSON) output: no "Plan" with a "Node Type" at the top`, {
      hint: 'Produce it with EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) <query>, or with perfctl explain --save FILE.',
    });
  }
  return first as ExplainJson;
}

function parseJsonLenient(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // psql's aligned output: a "QUERY PLAN" header, a dashed rule, "+" at line ends, a "(1 row)" footer.
    const cleaned = text.replace(/[ \t]*\+[ \t]*$/gm, '');
    const start = cleaned.search(/^\s*[[{]/m);
    const end = Math.max(cleaned.lastIndexOf(']'), cleaned.lastIndexOf('}'));
    if (start !== -1 && end > start) {
      try {
        return JSON.parse(cleaned.slice(start, end + 1));
      } catch {
        /* reported below */
      }
    }
    throw new UsageError(`${name} is not valid JSON`, { hint: 'Give the output of EXPLAIN (FORMAT JSON); the text format is not supported.' });
  }
}
