import { describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/io.js';
import { createTheme } from '../../src/cli/theme.js';
import type { ApplyEvent } from '../../src/core/apply/types.js';
import type { PlanAction } from '../../src/core/plan/types.js';
import { lineRenderer } from '../../src/ui/apply-lines.js';

const action: PlanAction = {
  id: 'create public.idx_orders_customer',
  kind: 'create',
  schema: 'public',
  table: 'orders',
  index: 'idx_orders_customer',
  reason: 'not in the database',
  definition: '',
  steps: [{ kind: 'build', sql: 'CREATE INDEX CONCURRENTLY …', index: 'idx_orders_customer', lockTimeoutMs: 5000, statementTimeoutMs: 0 }],
  hazards: [],
};
const step = action.steps[0]!;
const at = Date.UTC(2026, 0, 2, 3, 4, 5);

function render(events: ApplyEvent[]): string {
  let text = '';
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (text += s) }, stdin: process.stdin, env: {}, cwd: '/', ci: true };
  const emit = lineRenderer(new Output(io, { quiet: false, verbose: false, json: false }), createTheme(false), 10_000);
  events.forEach(emit);
  return text;
}

describe('the plain line renderer', () => {
  it('timestamps each line and names blockers with pid, application and age', () => {
    const text = render([
      { type: 'step-start', action, step, attempt: 1, pid: 4121, at },
      { type: 'retry', action, step, attempt: 2, retries: 5, delayMs: 4000, error: { code: '55P03', message: 'lock_timeout (5.00 s): canceling statement due to lock timeout' }, blockers: [{ pid: 77, application: 'vacuum', state: 'active', ageMs: 12_000, reason: 'holds a lock on the table' }], at },
    ]);
    expect(text).toBe(
      '03:04:05 building public.idx_orders_customer on public.orders [pid 4121]\n' +
        '03:04:05 ! lock_timeout (5.00 s): canceling statement due to lock timeout; retrying 2/5 in 4.00 s\n' +
        "           blocker: pid 77 ('vacuum', active, transaction open 12.0 s): holds a lock on the table\n",
    );
  });

  it('prints progress on a phase change, and otherwise at most every 10 s', () => {
    const progress = (phase: string, done: number, offset: number): ApplyEvent => ({
      type: 'progress',
      action,
      step,
      startedAt: at,
      at: at + offset,
      progress: { pid: 1, phase, blocksTotal: 100, blocksDone: done, tuplesTotal: 0, tuplesDone: 0, lockersTotal: 0, lockersDone: 0, locker: null },
    });
    const text = render([progress('building index: scanning table', 10, 500), progress('building index: scanning table', 20, 1000), progress('building index: scanning table', 90, 11_000), progress('index validation: scanning index', 0, 11_500)]);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('scanning table, blocks 10/100 (10%)');
    expect(lines[1]).toContain('blocks 90/100 (90%)');
    expect(lines[2]).toContain('index validation');
  });
});
