import { describe, expect, it } from 'vitest';
import { blockingTrees, rootBlockers } from '../../../src/core/report/blocking.js';
import { blockedSession } from '../../../src/core/report/checks/blocked-session.js';
import { idleInTransaction } from '../../../src/core/report/checks/idle-in-transaction.js';
import { longRunningQuery } from '../../../src/core/report/checks/long-running-query.js';
import type { SessionRow } from '../../../src/db/catalog/report/types.js';
import { ago, data, input, ok, session } from './fixtures.js';

const run = (check: typeof blockedSession, sessions: SessionRow[]) =>
  check.run(input(data({ activity: ok({ maxConnections: 100, reservedConnections: 3, inUse: sessions.length, sessions }) })));

const holder = session({ pid: 1, state: 'idle in transaction', stateChange: ago(30), xactStart: ago(40), query: 'UPDATE t SET a = 1 WHERE id = 1' });
const waiter = session({ pid: 2, state: 'active', waitEventType: 'Lock', queryStart: ago(20), blockedBy: [1], query: 'UPDATE t SET a = 2 WHERE id = 1' });
const second = session({ pid: 3, state: 'active', waitEventType: 'Lock', queryStart: ago(10), blockedBy: [2] });

describe('idle-in-transaction', () => {
  it('flags sessions idle in a transaction past the threshold, with the last statement', () => {
    const findings = run(idleInTransaction, [holder, session({ pid: 9, state: 'idle in transaction', stateChange: ago(1) }), session({ pid: 8 })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ object: 'pid 1', evidence: { idle_seconds: 30, transaction_seconds: 40 }, sql: 'UPDATE t SET a = 1 WHERE id = 1' });
  });
});

describe('long-running-query', () => {
  it('flags active statements running over a minute', () => {
    const findings = run(longRunningQuery, [session({ pid: 4, state: 'active', queryStart: ago(120) }), session({ pid: 5, state: 'active', queryStart: ago(5) })]);
    expect(findings.map((f) => f.object)).toEqual(['pid 4']);
  });
});

describe('blocked-session', () => {
  it('flags lock waits and names the root of the chain', () => {
    const findings = run(blockedSession, [holder, waiter, second]);
    expect(findings.map((f) => f.object)).toEqual(['pid 2', 'pid 3']);
    expect(findings[1]).toMatchObject({ evidence: { blocked_by: '2', root_blockers: '1' } });
    expect(findings[1]!.message).toMatch(/pid 2 \(active\).*root: pid 1 \(idle in transaction\)/);
  });

  it('builds the tree from the sessions that block without waiting', () => {
    const trees = blockingTrees([holder, waiter, second]);
    expect(trees).toEqual([{ pid: 1, state: 'idle in transaction', application: 'web', blocks: [{ pid: 2, state: 'active', application: 'web', blocks: [{ pid: 3, state: 'active', application: 'web', blocks: [] }] }] }]);
    expect(rootBlockers(3, [holder, waiter, second])).toEqual([1]);
  });

  it('survives a lock-wait cycle', () => {
    const a = session({ pid: 1, blockedBy: [2] });
    const b = session({ pid: 2, blockedBy: [1] });
    expect(rootBlockers(1, [a, b])).toEqual([]);
    expect(blockingTrees([a, b])).toEqual([]);
  });
});
