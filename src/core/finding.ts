/**
 * The one shape of a finding: what is wrong (or could be better), about what,
 * with the evidence that says so and the one thing to do. `tune` speaks it
 * today; explain, report and check are to move onto it.
 */
export type Severity = 'error' | 'warning' | 'notice';

export interface Finding<E extends object = Record<string, unknown>> {
  /** The rule's kebab-case id; also the docs anchor. */
  id: string;
  severity: Severity;
  /** What it is about: a setting, a table, a statement. */
  subject: string;
  message: string;
  evidence: E;
  /** The one thing to do. */
  help: string;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function bySeverity<F extends Finding<object>>(a: F, b: F): number {
  return ORDER[a.severity] - ORDER[b.severity] || a.id.localeCompare(b.id) || a.subject.localeCompare(b.subject);
}
