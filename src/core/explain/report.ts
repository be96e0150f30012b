import { findings } from './analyse.js';
import { annotateConditions } from './conditions.js';
import { normalisePlan, type ExplainJson } from './normalise.js';
import type { AnalyzedPlan, Finding, TableStats } from './types.js';

/** How the plan was obtained. */
export type ExplainMode = 'analyze' | 'estimate' | 'generic' | 'file';

/** Everything `perfctl explain` reports for one statement: the value renderers and --json consume. */
export interface ExplainReport {
  /** A spec query name, "stdin", "argument" or the plan file. */
  label: string;
  sql?: string;
  params: Array<string | number | boolean | null>;
  mode: ExplainMode;
  serverVersionNum?: number;
  plan: AnalyzedPlan;
  findings: Finding[];
  tables: TableStats[];
  /** Things the user must know about how it ran (generic plan, side effects, fallback). */
  notes: string[];
  /** PostgreSQL's own output, kept for --save. */
  raw: ExplainJson;
}

export interface ReportInput {
  label: string;
  sql?: string;
  params?: Array<string | number | boolean | null>;
  mode: ExplainMode;
  serverVersionNum?: number;
  raw: ExplainJson;
  tables?: TableStats[];
  notes?: string[];
}

/** Normalise, read the conditions, run every rule. No I/O. */
export async function buildReport(input: ReportInput): Promise<ExplainReport> {
  const plan = normalisePlan(input.raw);
  await annotateConditions(plan);
  const tables = input.tables ?? [];
  return {
    label: input.label,
    sql: input.sql,
    params: input.params ?? [],
    mode: input.mode,
    serverVersionNum: input.serverVersionNum,
    plan,
    findings: findings({ plan, tables }),
    tables,
    notes: input.notes ?? [],
    raw: input.raw,
  };
}
