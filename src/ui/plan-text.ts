import type { Theme } from '../cli/theme.js';
import { pgDuration } from '../core/doctor.js';
import { ddlSessionSettings } from '../core/plan/session.js';
import type { Plan, PlanAction } from '../core/plan/types.js';
import { planSummary } from './plan-json.js';

const MARK: Record<PlanAction['kind'], string> = { create: '+', rename: '~', replace: '±', repair: '↻', drop: '-' };

/** The plan for a person: one block per action with its exact statements and its hazards. */
export function renderPlanText(plan: Plan, t: Theme, options: { target: string; verbose: boolean }): string {
  const lines: string[] = [];
  const s = planSummary(plan);
  const counts = (['create', 'rename', 'replace', 'repair', 'drop'] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} to ${k}`);
  if (plan.actions.length === 0 && plan.blocked.length === 0) {
    lines.push(`${t.ok('✓')} No changes: ${options.target} has the ${s.unchanged} index${s.unchanged === 1 ? '' : 'es'} of the spec.`);
  } else {
    lines.push(t.bold(`Plan for ${options.target}: ${counts.join(', ') || 'nothing to run'}; ${s.unchanged} unchanged${s.blocked ? `, ${s.blocked} blocked` : ''}`));
  }
  for (const action of plan.actions) {
    lines.push('');
    const from = action.from && action.from !== action.index ? ` (from "${action.from}")` : '';
    lines.push(`${colour(action.kind, t)(`${MARK[action.kind]} ${action.kind}`)} ${action.schema}.${action.index}${from} on ${action.schema}.${action.table}: ${action.reason}`);
    if (action.previous) lines.push(t.dim(`    was: ${action.previous}`));
    if (action.carries?.length) lines.push(t.dim(`    carries over: ${action.carries.join('; ')}`));
    for (const step of action.steps) lines.push(`    ${step.sql};`);
    for (const hazard of action.hazards) lines.push(`    ${hazard.lossy ? t.error('hazard') : t.warn('warning')} ${hazard.id}: ${hazard.message}`);
  }
  for (const b of plan.blocked) {
    lines.push('');
    lines.push(`${t.warn('! blocked')} ${b.schema}.${b.index} on ${b.schema}.${b.table}: another session (pid ${b.pid}) is building it now (${b.phase}); perfctl leaves it alone`);
  }
  if (plan.unmanaged.length) {
    lines.push('');
    lines.push(t.dim(`Not in the spec, kept (${plan.unmanaged.length}):`));
    const shown = options.verbose ? plan.unmanaged : plan.unmanaged.slice(0, 10);
    for (const u of shown) lines.push(t.dim(`  ${u.schema}.${u.index} on ${u.table}: ${u.reason}`));
    if (shown.length < plan.unmanaged.length) lines.push(t.dim(`  … and ${plan.unmanaged.length - shown.length} more (--verbose lists them)`));
  }
  const lossy = [...new Set(plan.actions.flatMap((a) => a.hazards.filter((h) => h.lossy).map((h) => h.id)))];
  if (lossy.length) {
    lines.push('');
    lines.push(t.warn(`apply will need --allow-hazards ${lossy.join(',')} for this plan.`));
  }
  return lines.join('\n');
}

function colour(kind: PlanAction['kind'], t: Theme): (s: string) => string {
  if (kind === 'create') return t.ok;
  if (kind === 'drop') return t.error;
  return t.warn;
}

/**
 * A script that does what apply does: each statement on its own, never in a
 * transaction block (CREATE INDEX CONCURRENTLY refuses one), with the same
 * session timeouts set before the steps that need them.
 */
export function renderPlanSql(plan: Plan, target: string, versionNum: number): string {
  const lines = [
    `-- perfctl indexes plan for ${target}: ${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'}`,
    '-- Run the statements one by one in autocommit (psql -f does); never inside BEGIN/COMMIT,',
    '-- and never as one multi-statement string: CREATE INDEX CONCURRENTLY cannot run in a transaction block.',
  ];
  if (plan.actions.length > 0) {
    lines.push('', "-- The session apply uses: no role or database timeout may end a build; pg_catalog's names first.");
    for (const [name, value] of ddlSessionSettings(versionNum)) lines.push(`SET ${name} = '${value}';`);
    lines.push("SELECT pg_catalog.set_config('search_path', pg_catalog.concat_ws(', ', 'pg_catalog', NULLIF(pg_catalog.current_setting('search_path'), '')), false);");
  }
  let lock: number | undefined;
  let statement: number | undefined;
  for (const action of plan.actions) {
    lines.push('', `-- ${action.id}: ${action.reason}`);
    for (const hazard of action.hazards) lines.push(`-- ${hazard.lossy ? 'hazard' : 'warning'} ${hazard.id}: ${hazard.message}`);
    for (const step of action.steps) {
      if (step.lockTimeoutMs !== lock) lines.push(`SET lock_timeout = '${pgDuration(step.lockTimeoutMs)}';`);
      if (step.statementTimeoutMs !== statement) lines.push(`SET statement_timeout = '${pgDuration(step.statementTimeoutMs)}';`);
      lock = step.lockTimeoutMs;
      statement = step.statementTimeoutMs;
      lines.push(`${step.sql};`);
    }
  }
  for (const b of plan.blocked) lines.push('', `-- blocked: ${b.schema}.${b.index} is being built by pid ${b.pid} (${b.phase}); not touched`);
  if (plan.actions.length === 0) lines.push('', '-- nothing to do');
  return lines.join('\n');
}
