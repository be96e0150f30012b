import type { QueryParam } from '../spec/types.js';
import { queryError } from './errors.js';
import type { Database } from './pool.js';

/** One EXPLAIN (FORMAT JSON) result as PostgreSQL returns it. */
export interface ExplainResult {
  Plan: PlanNodeJson;
  'Planning Time'?: number;
  'Execution Time'?: number;
  [key: string]: unknown;
}

export interface PlanNodeJson {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNodeJson[];
  [key: string]: unknown;
}

/**
 * EXPLAIN a read-only statement inside a transaction that is always rolled
 * back, with its own statement and lock timeouts (SET LOCAL never outlives it).
 */
export async function explainReadOnly(db: Database, sql: string, params: QueryParam[], options: { analyze: boolean; timeoutMs: number }): Promise<ExplainResult> {
  return db.withClient(async (client) => {
    await client.query('BEGIN READ ONLY');
    try {
      await client.query(`SELECT pg_catalog.set_config('statement_timeout', $1, true), pg_catalog.set_config('lock_timeout', $2, true)`, [
        `${options.timeoutMs}ms`,
        `${Math.min(options.timeoutMs, 5000)}ms`,
      ]);
      const flags = options.analyze ? 'ANALYZE, BUFFERS, FORMAT JSON' : 'FORMAT JSON';
      const result = await client.query<{ 'QUERY PLAN': ExplainResult[] }>(`EXPLAIN (${flags}) ${sql}`, params);
      return result.rows[0]!['QUERY PLAN'][0]!;
    } catch (error) {
      throw queryError(error, 'EXPLAIN failed');
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  });
}

/** Every node of a plan, depth first. */
export function* walkPlan(node: PlanNodeJson): Generator<PlanNodeJson> {
  yield node;
  for (const child of node.Plans ?? []) yield* walkPlan(child);
}

/** A short description of how the plan reaches its tables, e.g. "Index Scan using idx_users_email on users". */
export function accessSummary(plan: PlanNodeJson): string {
  const scans = [...walkPlan(plan)].filter((n) => n['Relation Name'] || n['Index Name']);
  if (scans.length === 0) return plan['Node Type'];
  return scans
    .map((n) => (n['Index Name'] ? `${n['Node Type']} using ${n['Index Name']}` : `${n['Node Type']} on ${n['Relation Name']}`))
    .join(' + ');
}
