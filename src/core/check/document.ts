import type { CheckReport } from './run.js';
import type { CheckMode, Verdict } from './types.js';

/** The `perfctl check --json` document (version 1, docs/check.md). Declared field by field. */
export interface CheckDocument {
  version: number;
  kind: 'check';
  spec: string;
  target: string;
  mode: Exclude<CheckMode, 'generic'>;
  passed: boolean;
  summary: Record<Verdict, number>;
  results: ResultDocument[];
  baseline: { file: string; updated: boolean } | null;
  junit: string | null;
}

export interface ResultDocument {
  check: string;
  subject: { kind: 'index' | 'query' | 'budget'; name: string };
  verdict: Verdict;
  message: string;
  node: string | null;
  detail: string[];
  help: string | null;
  location: { file: string; line: number; column: number } | null;
  evidence: Record<string, unknown>;
}

export interface DocumentContext {
  version: number;
  spec: string;
  target: string;
  analyze: boolean;
  baseline?: { file: string; updated: boolean };
  junit?: string;
}

export function checkDocument(report: CheckReport, c: DocumentContext): CheckDocument {
  return {
    version: c.version,
    kind: 'check',
    spec: c.spec,
    target: c.target,
    mode: c.analyze ? 'analyze' : 'estimate',
    passed: report.passed,
    summary: report.counts,
    results: report.results.map((r) => ({
      check: r.check,
      subject: r.subject,
      verdict: r.verdict,
      message: r.message,
      node: r.node ?? null,
      detail: r.detail,
      help: r.help ?? null,
      location: r.pos ? { file: c.spec, line: r.pos.line, column: r.pos.column } : null,
      evidence: r.evidence,
    })),
    baseline: c.baseline ?? null,
    junit: c.junit ?? null,
  };
}
