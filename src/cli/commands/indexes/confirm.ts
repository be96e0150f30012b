import { createInterface } from 'node:readline';
import type { Plan } from '../../../core/plan/types.js';
import { UsageError } from '../../../errors.js';
import type { Context } from '../../context.js';

/** Hazards that lose something must be named with --allow-hazards; the rest are warnings. */
export function checkHazards(plan: Plan, allowed: string | undefined): void {
  const allow = new Set((allowed ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const missing = plan.actions.flatMap((a) => a.hazards.filter((h) => h.lossy && !allow.has(h.id)).map((h) => ({ action: a, hazard: h })));
  if (missing.length === 0) return;
  const ids = [...new Set(missing.map((m) => m.hazard.id))];
  throw new UsageError(`the plan has ${missing.length} hazard${missing.length === 1 ? '' : 's'} that lose something: ${missing.map((m) => `${m.hazard.id} (${m.action.schema}.${m.action.index})`).join(', ')}`, {
    hint: `Review them with perfctl indexes plan, then pass --allow-hazards ${ids.join(',')} to accept.`,
  });
}

/** In a terminal, ask; otherwise --yes is required, since nobody can answer. */
export async function confirm(ctx: Context, question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!ctx.out.interactive) {
    throw new UsageError('indexes apply needs --yes when it cannot ask (no terminal, or CI)', { hint: 'Review the plan with perfctl indexes plan, then run perfctl indexes apply --yes.' });
  }
  ctx.io.stderr.write(`${question} [y/N] `);
  const rl = createInterface({ input: ctx.io.stdin, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
      ctx.signal.addEventListener('abort', () => resolve(''), { once: true });
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
