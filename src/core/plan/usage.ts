import { formatTimestamp, groupThousands } from '../../util/text.js';
import type { Plan, ServerIndexUsage } from './types.js';

/** Usage counters of one server, by "schema.index". */
export interface ServerUsageCounts {
  server: string;
  statsReset: string | null;
  indexes: Map<string, { scans: number; lastUsed: string | null }>;
}

/**
 * Tells, on each drop of a prune, how much the index is used: scans on this
 * server and on every replica given, since each one's statistics reset.
 * Counters are per server: an index idle on the primary can serve every read
 * on a standby (pghero's `unused_indexes(across:)`), so without replicas the
 * hazard says they were not consulted. Pure; the counts are read elsewhere.
 */
export function withDropUsage(plan: Plan, primary: ServerUsageCounts, replicas: ServerUsageCounts[]): Plan {
  const actions = plan.actions.map((action) => {
    if (action.kind !== 'drop') return action;
    const key = `${action.schema}.${action.index}`;
    const usage: ServerIndexUsage[] = [primary, ...replicas].map((server) => {
      const counts = server.indexes.get(key);
      return { server: server.server, scans: counts?.scans ?? 0, lastUsed: counts?.lastUsed ?? null, statsReset: server.statsReset };
    });
    const note = describeUsage(usage, replicas.length);
    return { ...action, usage, hazards: action.hazards.map((h) => (h.id === 'index-dropped' ? { ...h, message: `${h.message}; ${note}` } : h)) };
  });
  return { ...plan, actions };
}

function describeUsage(usage: ServerIndexUsage[], replicaCount: number): string {
  const since = (u: ServerIndexUsage) => (u.statsReset ? `since ${formatTimestamp(u.statsReset)}` : 'since the statistics began');
  const where = (u: ServerIndexUsage, i: number) => (i === 0 ? 'this server' : u.server);
  const used = usage.filter((u) => u.scans > 0);
  const lastUsed = usage.map((u) => u.lastUsed).filter((d): d is string => d !== null).sort().at(-1);
  const replicasNote = replicaCount === 0 ? '; replicas not consulted (usage counts are per server: pass --replica URL for each hot standby)' : '';
  if (used.length === 0) {
    const servers = usage.map((u, i) => `${where(u, i)} ${since(u)}`).join(', ');
    return `never scanned on ${servers}${replicasNote}`;
  }
  const counts = usage.map((u, i) => `${groupThousands(u.scans)} scan${u.scans === 1 ? '' : 's'} on ${where(u, i)} ${since(u)}`).join(', ');
  return `STILL USED: ${counts}${lastUsed ? `; last used ${formatTimestamp(lastUsed)}` : ''}${replicasNote}`;
}
