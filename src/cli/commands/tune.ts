import { reviewSettings } from '../../core/tune/review.js';
import { readTuneFacts } from '../../db/tune/read.js';
import type { Context } from '../context.js';
import { readSnapshot } from '../snapshot-file.js';
import { machineFor, parseTuneOptions } from '../tune/options.js';
import { tuneExitCode, tuneJson, tuneSql, tuneText, type TuneResult } from '../tune/render.js';

/**
 * `perfctl tune`: read the settings and the live signals once, review them
 * against the machine and the workload, and print what to change and why.
 * It never changes anything: `--sql` prints the script for a person to run.
 */
export async function tuneCommand(ctx: Context, raw: Record<string, unknown>): Promise<number> {
  const options = parseTuneOptions(raw);
  const since = options.since ? (await readSnapshot(ctx, options.since)).snapshot : undefined;
  const spec = await ctx.loadSpecIfPresent();
  const db = await ctx.openDatabase('tune', spec);
  const facts = await readTuneFacts(db, since);
  const machine = machineFor(options, facts.local);
  const review = reviewSettings({ facts, machine, pool: { size: db.settings.size, maxOverflow: db.settings.maxOverflow, instances: options.instances } });
  const result: TuneResult = { ...review, target: db.where, versionNum: facts.versionNum, machine, reviewedAt: facts.database.window.until };
  if (ctx.options.json) ctx.out.json(tuneJson(result));
  else if (options.sql) ctx.out.print(tuneSql(result));
  else ctx.out.print(tuneText(result, ctx.theme, ctx.out.columns).join('\n'));
  return tuneExitCode(result);
}
