import type pg from 'pg';
import type { ExplainJson } from '../../core/explain/normalise.js';
import type { TableStats } from '../../core/explain/types.js';
import { OperationError, type PerfctlError } from '../../errors.js';
import type { QueryParam } from '../../spec/types.js';
import { readTableStats } from '../catalog/table-stats.js';
import { isConnectionLoss, queryError, sqlstate } from '../errors.js';
import { explainFlags } from '../explain.js';
import { READ_AS_PARSED, sendExplain } from '../explain-send.js';
import { userSearchPathSql } from '../search-path.js';
import type { Database } from '../pool.js';

export interface EstimateItem {
  statement: string;
  params: QueryParam[];
  generic: boolean;
  /** The highest $n, for the generic plan. */
  paramCount: number;
}

export type EstimateOutcome = { result: ExplainJson; tables: TableStats[] } | { error: PerfctlError };

/**
 * EXPLAIN without ANALYZE for many statements on one connection: one READ
 * ONLY transaction, a savepoint per statement (so one failure does not end
 * the rest), rolled back at the end, and the connection discarded. Nothing is
 * executed, so statements cannot leave state for each other; what this saves
 * over explain's one-connection-per-statement runner is a connection
 * (authentication and a cold backend) per sample query.
 */
export async function explainEstimates(db: Database, items: EstimateItem[], timeoutMs: number, signal?: AbortSignal): Promise<EstimateOutcome[]> {
  const client = await db.connect();
  const cancel = () => void db.query('SELECT pg_catalog.pg_cancel_backend($1)', [(client as unknown as { processID?: number }).processID], 'cancelling').catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    await client.query(`BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${Math.round(timeoutMs)}; SET LOCAL lock_timeout = ${Math.round(Math.min(timeoutMs, 5_000))}; ${READ_AS_PARSED}; ${userSearchPathSql(true)}`);
    const results: Array<{ result: ExplainJson } | { error: PerfctlError }> = [];
    for (const item of items) results.push(await explainOne(client, item, timeoutMs));
    const relations = [...new Set(results.flatMap((r) => ('result' in r ? [...relationsOf(r.result.Plan)] : [])))];
    const stats = await readTableStats(client, relations).catch(() => []);
    return results.map((r) => ('result' in r ? { result: r.result, tables: stats.filter((t) => relationsOf(r.result.Plan).has(t.name)) } : r));
  } finally {
    signal?.removeEventListener('abort', cancel);
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(true);
  }
}

async function explainOne(client: pg.PoolClient, item: EstimateItem, timeoutMs: number): Promise<{ result: ExplainJson } | { error: PerfctlError }> {
  const flags = explainFlags({ analyze: false, generic: item.generic, buffers: false, settings: false });
  await client.query('SAVEPOINT perfctl_check');
  try {
    return { result: await sendExplain(client, item.statement, item.params, { flags, generic: item.generic, paramCount: item.paramCount, timeoutMs }) };
  } catch (error) {
    if (isConnectionLoss(error)) throw queryError(error, 'EXPLAIN');
    if (sqlstate(error) === '57014') return { error: new OperationError('explain-timeout', `planning took longer than the ${timeoutMs / 1000}s timeout`) };
    return { error: queryError(error, 'EXPLAIN failed') };
  } finally {
    await client.query('ROLLBACK TO SAVEPOINT perfctl_check').catch(() => undefined);
  }
}

function relationsOf(node: ExplainJson['Plan'], out = new Set<string>()): Set<string> {
  if (typeof node['Relation Name'] === 'string') out.add(node['Relation Name']);
  for (const child of node.Plans ?? []) relationsOf(child, out);
  return out;
}
