import { buildPlan } from '../../../core/plan/build.js';
import { readIndexSnapshot } from '../../../db/catalog/indexes.js';
import { ExitCode } from '../../../errors.js';
import { isPending, planDocument } from '../../../ui/plan-json.js';
import { renderPlanSql, renderPlanText } from '../../../ui/plan-text.js';
import type { Context } from '../../context.js';
import { reportError } from '../../run.js';
import { planOptionsFrom } from './options.js';
import { addPruneUsage, replicaUrls } from './prune-usage.js';

/** `perfctl indexes plan`: the spec against the live catalog, and the exact SQL apply would run. */
export async function planCommand(ctx: Context, options: Record<string, unknown>): Promise<number> {
  if (!options.exitCode) return run(ctx, options);
  // Terraform's -detailed-exitcode: 0 no changes, 2 changes pending, 1 any error (even a bad spec).
  try {
    return await run(ctx, options);
  } catch (error) {
    reportError(error, ctx.io, ctx.options);
    return ExitCode.failed;
  }
}

async function run(ctx: Context, options: Record<string, unknown>): Promise<number> {
  const spec = await ctx.loadSpec();
  const planOptions = planOptionsFrom(options, spec);
  const db = await ctx.openDatabase('indexes-plan', spec);
  const snapshot = await readIndexSnapshot(db, spec.indexes, spec.tables);
  const plan = await addPruneUsage(ctx, db, spec, buildPlan(spec, snapshot, planOptions), replicaUrls(options), 'indexes-plan');
  if (ctx.options.json) ctx.out.json(planDocument(plan, db.where));
  else if (options.sql) ctx.out.print(renderPlanSql(plan, db.where, snapshot.serverVersionNum));
  else ctx.out.print(renderPlanText(plan, ctx.theme, { target: db.where, verbose: Boolean(ctx.options.verbose) }));
  return options.exitCode && isPending(plan) ? 2 : ExitCode.ok;
}
