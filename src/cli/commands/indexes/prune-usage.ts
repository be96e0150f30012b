import type { Plan } from '../../../core/plan/types.js';
import { withDropUsage, type ServerUsageCounts } from '../../../core/plan/usage.js';
import { readIndexUsage, type UsageSnapshot } from '../../../db/catalog/index-usage.js';
import type { Database } from '../../../db/pool.js';
import type { Spec } from '../../../spec/types.js';
import type { Context } from '../../context.js';

/**
 * When the plan drops indexes (prune), read how much each one is used on this
 * server and on every `--replica` (usage counters are per server), and say so
 * on the drop. Nothing is read when nothing is dropped.
 */
export async function addPruneUsage(ctx: Context, db: Database, spec: Spec, plan: Plan, replicaUrls: string[], command: string): Promise<Plan> {
  const drops = plan.actions.filter((a) => a.kind === 'drop');
  if (drops.length === 0) return plan;
  const tables = [...new Set(drops.map((a) => `${a.schema}.${a.table}`))];
  const primary = counts('primary', await readIndexUsage(db, tables));
  const replicas: ServerUsageCounts[] = [];
  for (const url of replicaUrls) {
    const replica = await ctx.openDatabase(command, spec, { url });
    const usage = await readIndexUsage(replica, tables);
    if (!usage.inRecovery) ctx.out.warn(ctx.errTheme.warn(`warning: --replica ${replica.where} is not a hot standby (pg_is_in_recovery() is false); its counts are its own server's`));
    replicas.push(counts(replica.where, usage));
  }
  return withDropUsage(plan, primary, replicas);
}

function counts(server: string, usage: UsageSnapshot): ServerUsageCounts {
  return { server, statsReset: usage.statsReset, indexes: new Map(usage.indexes.map((i) => [`${i.schema}.${i.name}`, { scans: i.scans, lastUsed: i.lastUsed }])) };
}

/** The repeatable --replica flag. */
export function replicaUrls(options: Record<string, unknown>): string[] {
  return (options.replica as string[] | undefined) ?? [];
}
