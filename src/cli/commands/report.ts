import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { resolveSectionName, SECTION_ALIASES } from '../../core/report/aliases.js';
import { buildReport } from '../../core/report/build.js';
import { sinceSnapshot } from '../../core/report/delta.js';
import { reportJson } from '../../core/report/json.js';
import { toSnapshot, type Snapshot } from '../../core/report/snapshot.js';
import { SECTION_IDS, type SectionId } from '../../core/report/types.js';
import { readReportData, type PartName } from '../../db/catalog/report/read.js';
import { planSampleQueries } from '../../db/catalog/report/samples.js';
import { UsageError } from '../../errors.js';
import { DEFAULT_BUDGETS } from '../../spec/types.js';
import { didYouMean } from '../../util/text.js';
import type { Context } from '../context.js';
import { writeHtml } from '../html-file.js';
import { JSON_VERSION } from '../run.js';
import { readSnapshot } from '../snapshot-file.js';
import { renderReport } from './report-render.js';

const NEEDS: Record<SectionId, PartName[]> = {
  'slow-queries': ['statements'],
  'n-plus-one': ['statements'],
  indexes: ['indexes', 'foreignKeys', 'tables'],
  tables: ['tables'],
  cache: ['tables'],
  connections: ['activity'],
  sequences: ['sequences'],
  wraparound: ['wraparound'],
  replication: ['replication'],
  targets: ['statements', 'tables', 'activity'],
};

/** `perfctl report [SECTION...]`: read the statistics once, run the checks, print; exit 1 when over budget. */
export async function reportCommand(ctx: Context, options: Record<string, unknown>, args: string[]): Promise<number> {
  const sections = parseSections(args);
  const top = parseTop(options.top);
  const save = typeof options.save === 'string' ? resolve(ctx.io.cwd, options.save) : undefined;
  const html = typeof options.html === 'string' ? resolve(ctx.io.cwd, options.html) : undefined;
  const since = typeof options.since === 'string' ? await readSnapshot(ctx, options.since) : undefined;
  const spec = await ctx.loadSpecIfPresent();
  const budgets = spec?.budgets ?? DEFAULT_BUDGETS;
  const db = await ctx.openDatabase('report', spec);
  const parts = new Set(sections.flatMap((s) => NEEDS[s]));
  if (save) for (const p of ['statements', 'tables', 'indexes'] as const) parts.add(p);
  const data = await readReportData(db, { parts });
  if (sections.includes('targets') && spec?.queries.length) data.samplePlans = await planSampleQueries(db, spec.queries, db.settings.queryTimeout);
  if (save) await writeSnapshot(ctx, save, toSnapshot(data));
  const report = buildReport({
    data: since ? sinceSnapshot(data, since.snapshot, since.file) : data,
    budgets,
    sections,
    top,
    role: data.database.role,
    snapshot: since ? { takenAt: since.snapshot.taken_at, file: since.file } : undefined,
  });
  const doc = reportJson(report, budgets, JSON_VERSION, save ? ctx.displayPath(save) : null);
  if (html) await writeHtml(ctx, html, (await import('../../html/report.js')).reportHtml(doc));
  if (ctx.options.json) ctx.out.json(doc);
  else await renderReport(ctx, report);
  return report.overBudget ? 1 : 0;
}

/** Section ids and pg-extras/supabase names (src/core/report/aliases.ts), in the report's order, each once. */
export function parseSections(args: string[]): SectionId[] {
  if (args.length === 0) return [...SECTION_IDS];
  const wanted = new Set<SectionId>();
  for (const arg of args) {
    const ids = resolveSectionName(arg, SECTION_IDS);
    if (!ids) {
      const names = [...SECTION_IDS, ...Object.keys(SECTION_ALIASES)];
      throw new UsageError(`unknown report section "${arg}"${didYouMean(arg.replace(/_/g, '-'), names)}`, {
        hint: `Sections: ${SECTION_IDS.join(', ')}; pg-extras names such as outliers, cache-hit, unused-indexes, locks and bloat work too (docs/report.md).`,
      });
    }
    for (const id of ids) wanted.add(id);
  }
  return SECTION_IDS.filter((id) => wanted.has(id));
}

function parseTop(value: unknown): number {
  const n = Number(value ?? 10);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError(`--top ${String(value)} is not a whole number from 1 to 10000`);
  return n;
}

async function writeSnapshot(ctx: Context, file: string, snapshot: Snapshot): Promise<void> {
  try {
    await writeFile(file, `${JSON.stringify(snapshot)}\n`, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot write the snapshot ${ctx.displayPath(file)}: ${(error as Error).message}`);
  }
  ctx.out.info(`saved the counters to ${ctx.displayPath(file)}; later, \`perfctl report --since ${ctx.displayPath(file)}\` shows what happened in between`);
}
