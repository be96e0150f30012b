import type { IndexSnapshot } from '../../db/catalog/types.js';
import type { Spec, SourcePos } from '../../spec/types.js';
import type { AnalyzedPlan, TableStats } from '../explain/types.js';
import type { Baseline } from './baseline.js';

/**
 * `perfctl check`: everything the checks look at, read once (src/db/check/),
 * and what they return. The checks are pure functions of a CheckInput.
 */

export type CheckMode = 'estimate' | 'analyze' | 'generic';

/** One sample query of the spec, planned (or not: `error`). */
export interface QueryOutcome {
  name: string;
  mode: CheckMode;
  plan?: AnalyzedPlan;
  /** pg_stat_user_tables of the relations in the plan. */
  tables: TableStats[];
  error?: { code: string; message: string };
}

/**
 * An index that exists (a spec index, or one a query names in uses_index),
 * and why the planner might still ignore it (reliability catalogue item 20).
 */
export interface IndexReadiness {
  schema: string;
  table: string;
  name: string;
  /** pg_index.indcheckxmin: HOT chains made the index invisible to transactions older than it. */
  checkXmin: boolean;
  /** The index has expression keys and PostgreSQL holds no statistics for them yet; null when this role may not see them. */
  expressionWithoutStats: boolean | null;
  /** The table has never been analysed (reltuples = -1). */
  tableNeverAnalyzed: boolean;
}

/** p95_ms measured from repeated runs through the pool. */
export interface Timings {
  repeat: number;
  /** Per query, every measured run in ms (client-observed). */
  samples: Array<{ name: string; ms: number[] }>;
  /** Queries not timed, with the reason (a write, a generic plan, a failure). */
  skipped: Array<{ name: string; reason: string }>;
}

export interface CheckOptions {
  analyze: boolean;
  strict: boolean;
  prune: boolean;
  /** 0.2 = 20 %. */
  maxCostIncrease: number;
  /** The baseline file as given, for messages; absent without --baseline (or with --update-baseline). */
  baselineFile?: string;
}

export interface CheckInput {
  spec: Pick<Spec, 'file' | 'indexes' | 'queries' | 'budgets'>;
  snapshot: IndexSnapshot;
  /** In spec order. */
  queries: QueryOutcome[];
  readiness: IndexReadiness[];
  baseline?: Baseline;
  timings?: Timings;
  options: CheckOptions;
}

/** pass; fail (exit 1); warn (reported, exit 0 unless --strict made it a fail); skip (could not be judged here, and why). */
export type Verdict = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  /** The check's id, e.g. "spec-drift". */
  check: string;
  /** What it is about: an index, a query or a budget. */
  subject: { kind: 'index' | 'query' | 'budget'; name: string };
  verdict: Verdict;
  /** One line, with the figures. */
  message: string;
  /** The plan node that violated an expectation, e.g. "Seq Scan on projects". */
  node?: string;
  /** The relevant part of the plan, or other detail, as plain lines. */
  detail: string[];
  /** What to do; absent on a pass. */
  help?: string;
  /** Where the subject is declared in the spec, for annotations. */
  pos?: SourcePos;
  evidence: Record<string, string | number | boolean | null | string[]>;
}

/** One check: pure, one file each under checks/, with a kebab-case id and a one-line help. */
export interface Check {
  id: string;
  title: string;
  help: string;
  run(input: CheckInput): CheckResult[];
}
