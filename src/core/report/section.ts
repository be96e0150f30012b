import type { ReportData } from '../../db/catalog/report/types.js';
import type { Budgets } from '../../spec/types.js';
import type { BlockingNode } from './blocking.js';
import type { Target } from './targets.js';
import type { Finding, SectionId } from './types.js';

export type Row = Record<string, string | number | boolean | null | string[]>;

export interface Section {
  id: SectionId;
  title: string;
  /** Parts that could not be read, each with the one thing to do. */
  problems: Array<{ problem: string; fix: string }>;
  /** Context a reader needs to trust the figures (statistics age, estimates used). */
  notes: string[];
  rows: Row[];
  findings: Finding[];
  /** connections only: who blocks whom. */
  blocking?: BlockingNode[];
  /** slow-queries only: the same statements' rows, the top ones by calls. */
  top_by_calls?: Row[];
  /** targets only. */
  targets?: Target[];
}

export interface SectionInput {
  data: ReportData;
  budgets: Budgets;
  top: number;
  role: string;
  findings: Finding[];
  statsAgeSeconds: number;
  /** Where the counters start: a snapshot's time, or when the statistics began. */
  windowText: string;
}

export function problemOf(part: { available: boolean; problem?: string; fix?: string } | undefined): Array<{ problem: string; fix: string }> {
  return part && !part.available ? [{ problem: part.problem!, fix: part.fix! }] : [];
}
