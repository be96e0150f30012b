import type { PlanAction, PlanStep } from '../plan/types.js';

/** What the executor needs from the database; src/db implements it, tests may fake it. */
export interface ApplyPort {
  /** A dedicated DDL connection (never pooled). */
  openSession(): Promise<DdlPort>;
  blockers(schema: string, table: string, exclude: number[]): Promise<BlockerInfo[]>;
  progress(pids: number[]): Promise<ProgressInfo[]>;
  indexState(schema: string, name: string): Promise<{ valid: boolean; ready: boolean; sizeBytes: number; buildingPid: number | null; replicaIdentity?: boolean } | null>;
  /** pg_cancel_backend from another connection. */
  cancel(pid: number): Promise<void>;
  countDuplicates(sql: string): Promise<number>;
}

export interface DdlPort {
  readonly pid: number;
  readonly usable: boolean;
  run(sql: string, settings: { lockTimeoutMs: number; statementTimeoutMs: number }): Promise<void>;
  close(): Promise<void>;
}

export interface BlockerInfo {
  pid: number;
  application: string;
  state: string;
  ageMs: number;
  reason: string;
  gid?: string;
}

export interface ProgressInfo {
  pid: number;
  phase: string;
  blocksTotal: number;
  blocksDone: number;
  tuplesTotal: number;
  tuplesDone: number;
  lockersTotal: number;
  lockersDone: number;
  locker: { pid: number; application: string; ageMs: number } | null;
}

export interface ApplyOptions {
  concurrency: number;
  retries: number;
  retryDelayMs: number;
  keepInvalid: boolean;
  /** How often running builds are polled for progress. */
  progressIntervalMs: number;
  /** Sessions whose transaction is younger than this are not reported as blockers. */
  blockerMinAgeMs: number;
  /** Injected for tests: 0 ≤ random() < 1 for the backoff jitter. */
  random?: () => number;
}

export type ActionStatus = 'done' | 'failed' | 'interrupted' | 'not-started';

export interface ActionResult {
  action: PlanAction;
  status: ActionStatus;
  durationMs: number;
  /** Size of the index the action leaves (0 for drops). */
  sizeBytes: number;
  attempts: number;
  error?: { code?: string; message: string; hint?: string };
}

export type ApplyEvent =
  | { type: 'action-start'; action: PlanAction; at: number }
  | { type: 'step-start'; action: PlanAction; step: PlanStep; attempt: number; pid: number; at: number }
  | { type: 'blockers'; action: PlanAction; step: PlanStep; blockers: BlockerInfo[]; at: number }
  | { type: 'progress'; action: PlanAction; step: PlanStep; progress: ProgressInfo; startedAt: number; at: number }
  | { type: 'retry'; action: PlanAction; step: PlanStep; attempt: number; retries: number; delayMs: number; error: { code?: string; message: string }; blockers: BlockerInfo[]; at: number }
  /** An index a stopped or failed build left: being dropped, then dropped (or not yet), or kept with --keep-invalid. */
  | { type: 'cleanup'; action: PlanAction; index: string; reason: string; state: 'dropping' | 'dropped' | 'failed' | 'kept'; at: number }
  | { type: 'action-done'; result: ActionResult; at: number }
  | { type: 'interrupt'; running: number; at: number };

export interface ApplyOutcome {
  results: ActionResult[];
  interrupted: boolean;
  durationMs: number;
}
