import type { Plan, PlanAction } from '../core/plan/types.js';

/** The `indexes plan --json` document (version 1); documented in docs/indexes.md. */
export interface PlanDocument {
  version: 1;
  target: string;
  pending: boolean;
  summary: Record<'create' | 'rename' | 'replace' | 'repair' | 'drop' | 'unchanged' | 'blocked', number>;
  actions: ActionJson[];
  blocked: Array<{ schema: string; table: string; index: string; pid: number; phase: string }>;
  unmanaged: Array<{ schema: string; table: string; index: string; definition: string; reason: string }>;
}

export interface ActionJson {
  id: string;
  kind: PlanAction['kind'];
  schema: string;
  table: string;
  index: string;
  from: string | null;
  reason: string;
  definition: string;
  previous: string | null;
  /** Replace and repair: what the new index takes over from the old one (additive field). */
  carries: string[];
  /** Ids of the actions this one waits for (a partitioned index waits for its partitions' builds; additive field). */
  after: string[];
  hazards: Array<{ id: string; lossy: boolean; message: string }>;
  steps: Array<{ kind: string; sql: string; lock_timeout_ms: number; statement_timeout_ms: number }>;
  /** Drops only: index scans per server (this one first, then each --replica) since its statistics reset. */
  usage?: Array<{ server: string; scans: number; last_used: string | null; stats_reset: string | null }>;
}

export function planSummary(plan: Plan): PlanDocument['summary'] {
  const count = (kind: PlanAction['kind']) => plan.actions.filter((a) => a.kind === kind).length;
  return {
    create: count('create'),
    rename: count('rename'),
    replace: count('replace'),
    repair: count('repair'),
    drop: count('drop'),
    unchanged: plan.unchanged.length,
    blocked: plan.blocked.length,
  };
}

export function isPending(plan: Plan): boolean {
  return plan.actions.length > 0 || plan.blocked.length > 0;
}

export function actionJson(action: PlanAction): ActionJson {
  return {
    id: action.id,
    kind: action.kind,
    schema: action.schema,
    table: action.table,
    index: action.index,
    from: action.from ?? null,
    reason: action.reason,
    definition: action.definition,
    previous: action.previous ?? null,
    carries: action.carries ?? [],
    after: action.after ?? [],
    hazards: action.hazards.map((h) => ({ id: h.id, lossy: h.lossy, message: h.message })),
    steps: action.steps.map((s) => ({ kind: s.kind, sql: s.sql, lock_timeout_ms: s.lockTimeoutMs, statement_timeout_ms: s.statementTimeoutMs })),
    ...(action.usage ? { usage: action.usage.map((u) => ({ server: u.server, scans: u.scans, last_used: u.lastUsed, stats_reset: u.statsReset })) } : {}),
  };
}

export function planDocument(plan: Plan, target: string): PlanDocument {
  return {
    version: 1,
    target,
    pending: isPending(plan),
    summary: planSummary(plan),
    actions: plan.actions.map(actionJson),
    blocked: plan.blocked.map((b) => ({ ...b })),
    unmanaged: plan.unmanaged.map((u) => ({ ...u })),
  };
}
