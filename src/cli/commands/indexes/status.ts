import { readIndexUsage, type IndexUsage } from '../../../db/catalog/index-usage.js';
import { formatBytes, formatTimestamp, groupThousands } from '../../../util/text.js';
import type { Cell, Column } from '../../../ui/table.js';
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
  const t = ctx.theme;
  const pg16 = usage.serverVersionNum >= 160000;
  const rows: Cell[][] = usage.indexes.map((i) => [
    i.name,
    `${i.schema}.${i.table}`,
    shortDefinition(i.definition),
    isManaged(i) ? 'yes' : { text: 'no', style: t.dim },
    i.valid ? { text: 'yes', style: t.ok } : { text: 'INVALID', style: t.error },
    formatBytes(i.sizeBytes),
    groupThousands(i.scans),
    groupThousands(i.tuplesRead),
    pg16 ? (i.lastUsed ? formatTimestamp(i.lastUsed) : { text: 'never', style: t.dim }) : { text: 'n/a (PG<16)', style: t.dim },
    i.constraint ?? '',
  ]);
  ctx.out.print(ctx.table(COLUMNS, rows));
  for (const m of missing) ctx.out.print(ctx.wrap(`${t.warn('missing')} ${m.schema}.${m.name} on ${m.schema}.${m.table} (run perfctl indexes apply)`, '', '  '));
  ctx.out.print(t.dim(ctx.wrap(`Counters since ${usage.statsReset ? formatTimestamp(usage.statsReset) : 'the statistics were last reset (unknown)'}; they count this server only.`)));
  return 0;
}

/** Narrow terminals keep the name, definition, validity and use; tuples read, last used, size go first. */
const COLUMNS: Column[] = [
  { head: 'index' },
  { head: 'table', drop: 5 },
  { head: 'definition', flex: 'wrap' },
  { head: 'managed' },
  { head: 'valid' },
  { head: 'size', align: 'right', drop: 3 },
  { head: 'scans', align: 'right' },
  { head: 'tuples read', align: 'right', drop: 1 },
  { head: 'last used', drop: 2 },
  { head: 'constraint', drop: 4 },
];

/** "CREATE INDEX x ON public.t USING btree (a) WHERE …" → "btree (a) WHERE …" (the name and table have their own columns). */
function shortDefinition(definition: string): string {
  const at = definition.indexOf(' USING ');
  const text = at >= 0 ? definition.slice(at + 7) : definition;
  return `${definition.startsWith('CREATE UNIQUE') ? 'UNIQUE ' : ''}${text}`;
}
