import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/core/apply/backoff.js';
import { runApply } from '../../src/core/apply/executor.js';
import { checkServerVersion, defaultConcurrency } from '../../src/core/apply/guards.js';
import type { ApplyEvent, ApplyOptions, ApplyPort, DdlPort } from '../../src/core/apply/types.js';
import type { Plan, PlanAction } from '../../src/core/plan/types.js';

const options: ApplyOptions = { concurrency: 2, retries: 3, retryDelayMs: 1, keepInvalid: false, progressIntervalMs: 5, blockerMinAgeMs: 1000, random: () => 0.5 };

function action(table: string, index: string): PlanAction {
  return {
    id: `create public.${index}`,
    kind: 'create',
    schema: 'public',
    table,
    index,
    reason: 'not in the database',
    definition: '',
    steps: [{ kind: 'build', sql: `BUILD ${index}`, index, lockTimeoutMs: 100, statementTimeoutMs: 0 }],
    hazards: [],
  };
}

const plan = (actions: PlanAction[]): Plan => ({ actions, blocked: [], unmanaged: [], unchanged: [] });

/** A fake database: statements take `ms`, `failures` makes the first attempts of a statement fail. */
function fakePort(ms: number, failures: Record<string, Array<{ code: string; message: string }>> = {}) {
  const log: string[] = [];
  const valid = new Set<string>();
  let running = 0;
  let maxRunning = 0;
  let pid = 100;
  const port: ApplyPort = {
    async openSession(): Promise<DdlPort> {
      const me = pid++;
      return {
        pid: me,
        usable: true,
        async run(sql) {
          const failure = failures[sql]?.shift();
          running++;
          maxRunning = Math.max(maxRunning, running);
          log.push(`start ${sql}`);
          await new Promise((resolve) => setTimeout(resolve, ms));
          running--;
          log.push(`end ${sql}`);
          if (failure) throw Object.assign(new Error(failure.message), failure);
          if (sql.startsWith('BUILD ')) valid.add(sql.slice(6));
        },
        async close() {},
      };
    },
    blockers: async () => [],
    progress: async () => [],
    indexState: async (_schema, name) => (valid.has(name) ? { valid: true, ready: true, sizeBytes: 8192, buildingPid: null } : null),
    cancel: async () => {},
    countDuplicates: async () => 0,
  };
  return { port, log, maxRunning: () => maxRunning };
}

describe('runApply', () => {
  it('runs tables in parallel up to the concurrency, and one table in sequence', async () => {
    const fake = fakePort(20);
    const actions = [action('a', 'a1'), action('a', 'a2'), action('b', 'b1'), action('c', 'c1')];
    const outcome = await runApply(plan(actions), fake.port, options, () => {}, new AbortController().signal);
    expect(outcome.results.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(fake.maxRunning()).toBe(2);
    expect(fake.log.indexOf('end BUILD a1')).toBeLessThan(fake.log.indexOf('start BUILD a2'));
  });

  it('retries a lock timeout with backoff, then succeeds, and reports the attempts', async () => {
    const fake = fakePort(1, { 'BUILD a1': [{ code: '55P03', message: 'canceling statement due to lock timeout' }] });
    const events: ApplyEvent[] = [];
    const outcome = await runApply(plan([action('a', 'a1')]), fake.port, options, (e) => events.push(e), new AbortController().signal);
    expect(outcome.results[0]).toMatchObject({ status: 'done', attempts: 2 });
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ attempt: 1, retries: 3, delayMs: 1 });
  });

  it('does not retry other errors and goes on with the other tables', async () => {
    const fake = fakePort(1, { 'BUILD a1': [{ code: '42501', message: 'must be owner of table a' }] });
    const outcome = await runApply(plan([action('a', 'a1'), action('b', 'b1')]), fake.port, options, () => {}, new AbortController().signal);
    expect(outcome.results.map((r) => r.status)).toEqual(['failed', 'done']);
    expect(outcome.results[0]!.error).toMatchObject({ code: '42501', message: expect.stringContaining('must be owner') });
  });

  it('stops starting work once interrupted', async () => {
    const fake = fakePort(30);
    const controller = new AbortController();
    const run = runApply(plan([action('a', 'a1'), action('a', 'a2'), action('b', 'b1')]), fake.port, { ...options, concurrency: 1 }, () => {}, controller.signal);
    setTimeout(() => controller.abort(), 10);
    const outcome = await run;
    expect(outcome.interrupted).toBe(true);
    expect(outcome.results.map((r) => r.status)).toEqual(['done', 'not-started', 'not-started']);
  });
});

describe('backoff and guards', () => {
  it('doubles with full jitter and a cap', () => {
    expect(backoffDelay(0, 1000, () => 0)).toBe(500);
    expect(backoffDelay(0, 1000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, () => 1)).toBe(60_000);
  });

  it('refuses PostgreSQL 14.0-14.3 unless forced', () => {
    expect(() => checkServerVersion(140003, false)).toThrow(/14\.3 can corrupt indexes/);
    expect(() => checkServerVersion(140003, true)).not.toThrow();
    expect(() => checkServerVersion(140004, false)).not.toThrow();
    expect(() => checkServerVersion(130010, false)).not.toThrow();
  });

  it('defaults concurrency to cores within the pool size', () => {
    expect(defaultConcurrency(10, 2)).toBe(2);
    expect(defaultConcurrency(3, 32)).toBe(3);
    expect(defaultConcurrency(100, 64)).toBe(16);
  });
});
