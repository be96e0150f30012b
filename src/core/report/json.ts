import type { Budgets } from '../../spec/types.js';
import type { Report } from './build.js';
import type { Section } from './section.js';
import type { Severity } from './types.js';

/** The `perfctl report --json` document (docs/report.md describes every field). */
export interface ReportJson {
  version: number;
  database: { name: string; server_version_num: number; now: string };
  window: { mode: 'cumulative' | 'snapshot'; since: string; seconds: number; file: string | null };
  budgets: Budgets;
  over_budget: boolean;
  summary: Record<Severity, number> & { findings: number };
  saved: string | null;
  /** The sections as built, less the targets (which the targets section's rows already carry). */
  sections: Array<Omit<Section, 'targets'>>;
}

export function reportJson(report: Report, budgets: Budgets, version: number, saved: string | null): ReportJson {
  const all = report.sections.flatMap((s) => s.findings);
  const count = (severity: Severity) => all.filter((f) => f.severity === severity).length;
  return {
    version,
    database: report.database,
    window: { mode: report.window.mode, since: report.window.since, seconds: Math.round(report.window.seconds), file: report.window.file ?? null },
    budgets,
    over_budget: report.overBudget,
    summary: { findings: all.length, error: count('error'), warning: count('warning'), notice: count('notice') },
    saved,
    sections: report.sections.map((s) => ({
      id: s.id,
      title: s.title,
      problems: s.problems,
      notes: s.notes,
      rows: s.rows,
      findings: s.findings,
      ...(s.top_by_calls ? { top_by_calls: s.top_by_calls } : {}),
      ...(s.blocking ? { blocking: s.blocking } : {}),
    })),
  };
}
