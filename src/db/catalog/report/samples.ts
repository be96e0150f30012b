import { ConnectionError, PermissionError } from '../../../errors.js';
import type { QuerySpec } from '../../../spec/types.js';
import { accessSummary, explainReadOnly, walkPlan } from '../../explain.js';
import type { Database } from '../../pool.js';
import type { SamplePlan } from './types.js';

const INDEX_NODES = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Index Scan']);

/** Plan each spec sample query (estimates only, never executed) and say whether it reaches a table through an index. */
export async function planSampleQueries(db: Database, queries: QuerySpec[], timeoutMs: number): Promise<SamplePlan[]> {
  const plans: SamplePlan[] = [];
  for (const query of queries) {
    try {
      const result = await explainReadOnly(db, query.sql, query.params, { analyze: false, timeoutMs });
      const usesIndex = [...walkPlan(result.Plan)].some((node) => INDEX_NODES.has(node['Node Type']));
      plans.push({ name: query.name, usesIndex, access: accessSummary(result.Plan) });
    } catch (error) {
      if (error instanceof ConnectionError) throw error;
      const denied = error instanceof PermissionError;
      plans.push({ name: query.name, usesIndex: false, access: '', error: (error as Error).message, ...(denied ? { denied } : {}) });
    }
  }
  return plans;
}
