import { UsageError } from '../../errors.js';
import type { AnalyzedPlan } from '../explain/types.js';
import { indexesUsed } from './facts.js';
import type { CheckMode, QueryOutcome } from './types.js';

export const BASELINE_VERSION = 1;
export const BASELINE_KIND = 'perfctl-check-baseline';

/** What a baseline keeps of one query's plan: its shape, the indexes it used, its estimated cost. */
export interface BaselineQuery {
  name: string;
  sql: string;
  mode: CheckMode;
  cost: number;
  indexes: string[];
  /** One line per node in pre-order, indented two spaces per level: "  Index Scan using idx on users". */
  shape: string[];
}

/** The file `--update-baseline` writes (docs/check.md). No timestamp: it changes only when a plan does, so it diffs cleanly in git. */
export interface Baseline {
  version: number;
  kind: typeof BASELINE_KIND;
  server_version_num: number | null;
  queries: BaselineQuery[];
}

export function planShape(plan: AnalyzedPlan): string[] {
  return plan.nodes.map((n) => `${'  '.repeat(n.depth)}${n.operation}${n.index ? ` using ${n.index}` : ''}${n.relation ? ` on ${n.relation}` : ''}`);
}

export function baselineQuery(name: string, sql: string, outcome: QueryOutcome & { plan: AnalyzedPlan }): BaselineQuery {
  return { name, sql, mode: outcome.mode, cost: outcome.plan.root.cost.total, indexes: indexesUsed(outcome.plan), shape: planShape(outcome.plan) };
}

export function buildBaseline(queries: Array<{ name: string; sql: string }>, outcomes: QueryOutcome[], serverVersionNum: number | null): Baseline {
  const planned = queries.flatMap((q, i) => {
    const outcome = outcomes[i]!;
    return outcome.plan ? [baselineQuery(q.name, q.sql, { ...outcome, plan: outcome.plan })] : [];
  });
  return { version: BASELINE_VERSION, kind: BASELINE_KIND, server_version_num: serverVersionNum, queries: planned };
}

export function serialiseBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Read a baseline file's text; `file` names it in errors (exit 2: a bad baseline is bad input). */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`, { hint: 'Write it again with perfctl check --baseline FILE --update-baseline.' });
  }
  const doc = data as Partial<Baseline>;
  if (!doc || typeof doc !== 'object' || doc.kind !== BASELINE_KIND) throw new UsageError(`${file} is not a perfctl check baseline (no "kind": "${BASELINE_KIND}")`);
  if (doc.version !== BASELINE_VERSION) {
    throw new UsageError(`${file} is baseline version ${String(doc.version)}; this perfctl reads version ${BASELINE_VERSION}`, { hint: 'Write it again with --update-baseline.' });
  }
  if (!Array.isArray(doc.queries) || !doc.queries.every(validQuery)) throw new UsageError(`${file}: "queries" must be a list of { name, sql, mode, cost, indexes, shape }`);
  return { version: doc.version, kind: doc.kind, server_version_num: doc.server_version_num ?? null, queries: doc.queries };
}

function validQuery(q: unknown): q is BaselineQuery {
  const v = q as BaselineQuery;
  return !!v && typeof v.name === 'string' && typeof v.sql === 'string' && typeof v.cost === 'number' && Array.isArray(v.indexes) && Array.isArray(v.shape);
}
