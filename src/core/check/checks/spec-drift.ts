import { buildPlan } from '../../plan/build.js';
import { DEFAULT_PLAN_OPTIONS, type PlanAction } from '../../plan/types.js';
import type { IndexSpec } from '../../../spec/types.js';
import type { Check, CheckInput, CheckResult } from '../types.js';

const HELP = 'Run perfctl indexes plan to see the change, and perfctl indexes apply to make it.';
const WHAT: Record<PlanAction['kind'], string> = {
  create: 'missing',
  repair: 'INVALID',
  replace: 'definition differs',
  rename: 'present under another name',
  drop: 'not in the spec',
};

/** The spec's indexes against the catalog, with exactly the comparison `indexes plan` makes: any pending action is drift. */
export const specDrift: Check = {
  id: 'spec-drift',
  title: 'spec drift',
  help: HELP,
  run(input: CheckInput): CheckResult[] {
    const plan = buildPlan(input.spec, input.snapshot, { ...DEFAULT_PLAN_OPTIONS, prune: input.options.prune, analyze: false });
    const results: CheckResult[] = input.spec.indexes.map((index) => {
      const base = { check: 'spec-drift', subject: { kind: 'index' as const, name: index.name }, pos: index.pos };
      const action = plan.actions.find((a) => a.kind !== 'drop' && a.schema === index.schema && a.index === index.name);
      if (action) return { ...base, ...failure(action) };
      const blocked = plan.blocked.find((b) => b.schema === index.schema && b.table === index.table && (b.index === index.name || b.index.startsWith('perfctl_tmp_')));
      if (blocked) {
        return { ...base, verdict: 'fail', message: `${index.name}: being built by another session (pid ${blocked.pid}, ${blocked.phase})`, detail: [], help: 'Wait for that build to finish, then check again.', evidence: { action: 'blocked', pid: blocked.pid } };
      }
      return { ...base, verdict: 'pass', message: `${index.name} on ${index.schema}.${index.table}: present, valid, same definition`, detail: [], evidence: { action: null } };
    });
    for (const drop of plan.actions.filter((a) => a.kind === 'drop')) {
      results.push({ check: 'spec-drift', subject: { kind: 'index', name: drop.index }, pos: firstOnTable(input.spec.indexes, drop.schema, drop.table), ...failure(drop) });
    }
    return results;
  },
};

function failure(action: PlanAction): Omit<CheckResult, 'check' | 'subject' | 'pos'> {
  const detail = action.kind === 'replace' && action.previous ? [`database: ${action.previous}`, `spec:     ${action.definition}`] : [];
  detail.push(...action.steps.map((s) => `indexes apply would run: ${s.sql}`));
  return {
    verdict: 'fail',
    message: `${action.schema}.${action.index} on ${action.table}: ${WHAT[action.kind]} (${action.reason})`,
    detail,
    help: HELP,
    evidence: { action: action.kind, reason: action.reason },
  };
}

/** An index the spec does not name has no line of its own: point at the first spec index on its table. */
function firstOnTable(indexes: IndexSpec[], schema: string, table: string) {
  return indexes.find((i) => i.schema === schema && i.table === table)?.pos;
}
