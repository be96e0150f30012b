import type { ReportData } from '../../db/catalog/report/types.js';
import type { Budgets } from '../../spec/types.js';

export const SECTION_IDS = ['slow-queries', 'n-plus-one', 'indexes', 'tables', 'cache', 'connections', 'sequences', 'wraparound', 'replication', 'targets'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** error: over a budget (exit 1); warning: worth acting on; notice: worth knowing. */
export type Severity = 'error' | 'warning' | 'notice';

export type Evidence = Record<string, string | number | boolean | null>;

export interface Finding {
  check: string;
  severity: Severity;
  /** What it concerns: schema.table.index, schema.table, a query id or a pid. */
  object: string;
  /** The figures, machine-readable. */
  evidence: Evidence;
  /** The figures in one line, for people. */
  message: string;
  help: string;
  /** The budget this finding exceeds, if any: such a finding makes the report exit 1. */
  budget?: keyof Budgets;
  /** Full SQL text, when the object is a statement or a session's query. */
  sql?: string;
}

export interface CheckInput {
  data: ReportData;
  budgets: Budgets;
  /** Seconds the counters cover: the window since a snapshot, else since the statistics started. */
  statsAgeSeconds: number;
}

/** One finding rule: pure over the data read. */
export interface Check {
  id: string;
  section: SectionId;
  help: string;
  run(input: CheckInput): Finding[];
}
