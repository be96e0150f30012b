import type { Document, YAMLMap } from 'yaml';
import { DEFAULT_BUDGETS, type Budgets } from '../../spec/types.js';

/** The pool perfctl opens, as `pool:` writes it (seconds and hours, as a person would). */
export interface InitPool {
  size: number;
  max_overflow: number;
  scaled: boolean;
}

/**
 * The default pool (10 + 20 overflow) unless that would take more than a
 * third of the connections the server accepts: perfctl shares the server
 * with the application, so on a small max_connections it scales down.
 */
export function poolFor(availableConnections: number): InitPool {
  const share = Math.floor(availableConnections / 3);
  if (share >= 30) return { size: 10, max_overflow: 20, scaled: false };
  const size = Math.max(1, Math.floor(share / 3));
  return { size, max_overflow: Math.max(0, share - size), scaled: true };
}

export function poolNode(doc: Document, availableConnections: number): YAMLMap {
  const pool = poolFor(availableConnections);
  const node = doc.createNode({ size: pool.size, max_overflow: pool.max_overflow, timeout: '30s', query_timeout: '60s', recycle: '1h' }) as YAMLMap;
  node.flow = true;
  if (pool.scaled) node.comment = ` scaled to a third of the ${availableConnections} connections this server accepts`;
  return node;
}

const BUDGET_HELP: Record<keyof Budgets, string> = {
  slow_query_ms: 'a statement slower than this on average is slow',
  p95_ms: 'sample queries, measured by check --analyze --repeat',
  slow_query_share: 'share of calls that may be slow',
  cache_hit_ratio: 'shared buffers hit ratio',
  pool_usage: 'connections in use / available',
  index_coverage: 'share of sample queries that use an index',
};

/** The default budgets; index_coverage as measured when sample queries are written, so check passes today. */
export function budgetsNode(doc: Document, coverage?: number): YAMLMap {
  const lower = coverage !== undefined && coverage < DEFAULT_BUDGETS.index_coverage;
  const node = doc.createNode({ ...DEFAULT_BUDGETS, ...(lower ? { index_coverage: coverage } : {}) }) as YAMLMap;
  for (const pair of node.items) {
    const key = String((pair.key as { value: unknown }).value) as keyof Budgets;
    const today = key === 'index_coverage' && lower ? ` (today's share; raise it to ${DEFAULT_BUDGETS.index_coverage} as indexes are added)` : '';
    (pair.value as { comment?: string }).comment = ` ${BUDGET_HELP[key]}${today}`;
  }
  return node;
}
