import { readIndexUsage, type IndexUsage } from '../../../db/catalog/index-usage.js';
import { formatBytes, formatTimestamp, groupThousands } from '../../../util/text.js';
import type { Context } from '../../context.js';
import { JSON_VERSION } from '../../run.js';

/** `perfctl indexes status`: every index of the spec's tables, managed or not, with its usage. */
export async function statusCommand(ctx: Context): Promise<number> {
  const spec = await ctx.loadSpec();
  const db = await ctx.openDatabase('indexes-status', spec);
  // Claimed tables count too (a schema claimed whole is not expanded here: name its tables to see them).
  const claimed = spec.tables.flatMap((c) => (c.table === null ? [] : [`${c.schema}.${c.table}`]));
  const tables = [...new Set([...spec.indexes.map((i) => `${i.schema}.${i.table}`), ...claimed])];
  const usage = await readIndexUsage(db, tables);
  const managed = new Set(spec.indexes.map((i) => `${i.schema}.${i.name}`));
  const present = new Set(usage.indexes.map((i) => `${i.schema}.${i.name}`));
  const missing = spec.indexes.filter((i) => !present.has(`${i.schema}.${i.name}`));
  const isManaged = (i: IndexUsage) => managed.has(`${i.schema}.${i.name}`);
  if (ctx.options.json) {
    ctx.out.json({
      version: JSON_VERSION,
      target: db.where,
      stats_reset: usage.statsReset,
      last_used_tracked: usage.serverVersionNum >= 160000,
      indexes: usage.indexes.map((i) => ({
        schema: i.schema,
        table: i.table,
        index: i.name,
        managed: isManaged(i),
        valid: i.valid,
        constraint: i.constraint,
        definition: i.definition,
        size_bytes: i.sizeBytes,
        scans: i.scans,
        tuples_read: i.tuplesRead,
        last_used: i.lastUsed,
      })),
      missing: missing.map((i) => ({ schema: i.schema, table: i.table, index: i.name })),
    });
    return 0;
  }
  const { default: Table } = await import('cli-table3');
  const t = ctx.theme;
  const table = new Table({ head: ['index', 'table', 'definition', 'managed', 'valid', 'size', 'scans', 'tuples read', 'last used', 'constraint'], style: { head: t.enabled ? ['cyan'] : [], border: t.enabled ? ['grey'] : [] } });
  for (const i of usage.indexes) {
    table.push([
      i.name,
      `${i.schema}.${i.table}`,
      shortDefinition(i.definition),
      isManaged(i) ? 'yes' : t.dim('no'),
      i.valid ? t.ok('yes') : t.error('INVALID'),
      formatBytes(i.sizeBytes),
      groupThousands(i.scans),
      groupThousands(i.tuplesRead),
      usage.serverVersionNum >= 160000 ? (i.lastUsed ? formatTimestamp(i.lastUsed) : t.dim('never')) : t.dim('n/a (PG<16)'),
      i.constraint ?? '',
    ]);
  }
  ctx.out.print(table.toString());
  for (const m of missing) ctx.out.print(`${t.warn('missing')} ${m.schema}.${m.name} on ${m.schema}.${m.table} (run perfctl indexes apply)`);
  ctx.out.print(t.dim(`Counters since ${usage.statsReset ? formatTimestamp(usage.statsReset) : 'the statistics were last reset (unknown)'}; they count this server only.`));
  return 0;
}

/** "CREATE INDEX x ON public.t USING btree (a) WHERE …" → "btree (a) WHERE …" (the name and table have their own columns). */
function shortDefinition(definition: string): string {
  const at = definition.indexOf(' USING ');
  const text = at >= 0 ? definition.slice(at + 7) : definition;
  return `${definition.startsWith('CREATE UNIQUE') ? 'UNIQUE ' : ''}${text.length > 60 ? `${text.slice(0, 59)}…` : text}`;
}
