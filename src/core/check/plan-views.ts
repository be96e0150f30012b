import { findings } from '../explain/analyse.js';
import { annotateConditions } from '../explain/conditions.js';
import { toDocument, type ExplainDocument } from '../explain/document.js';
import type { Spec } from '../../spec/types.js';
import type { CheckResult, QueryOutcome } from './types.js';

/**
 * The explain documents of the sample queries that failed a check, as
 * `perfctl explain --json` would describe their plans: the plan `check`
 * judged, with explain's findings. No I/O.
 */
export async function failingPlanDocuments(spec: Spec, queries: QueryOutcome[], results: CheckResult[], version: number, serverVersionNum: number): Promise<ExplainDocument[]> {
  const failing = new Set(results.filter((r) => r.verdict === 'fail' && r.subject.kind === 'query').map((r) => r.subject.name));
  const documents: ExplainDocument[] = [];
  for (const query of spec.queries) {
    const outcome = queries.find((q) => q.name === query.name);
    if (!failing.has(query.name) || !outcome?.plan) continue;
    await annotateConditions(outcome.plan);
    const report = {
      label: query.name,
      sql: query.sql,
      params: query.params,
      mode: outcome.mode,
      serverVersionNum,
      plan: outcome.plan,
      findings: findings({ plan: outcome.plan, tables: outcome.tables }),
      tables: outcome.tables,
      notes: [],
    };
    documents.push(toDocument(report, version));
  }
  return documents;
}
