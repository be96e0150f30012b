import { describe, expect, it } from 'vitest';
import { normalisePlan } from '../../../src/core/explain/normalise.js';
import { rawFixture } from '../../helpers/plans.js';

describe('normalisePlan', () => {
  it('multiplies per-loop times and rows by loops and computes self time', () => {
    const plan = normalisePlan(rawFixture('nested-loop-many'));
    const memoize = plan.nodes.find((n) => n.nodeType === 'Memoize')!;
    expect(memoize.rows).toMatchObject({ actual: 1, loops: 300_000, total: 300_000 });
    expect(memoize.time!.inclusiveMs).toBeCloseTo(0.003 * 300_000, 3);
    const scan = plan.nodes.find((n) => n.nodeType === 'Index Scan')!;
    expect(memoize.time!.selfMs).toBeCloseTo(memoize.time!.inclusiveMs - scan.time!.inclusiveMs, 3);
    expect(plan.nodes.map((n) => n.id)).toEqual(plan.nodes.map((_, i) => i));
  });

  it('counts time below a Gather as wall-clock, shared by the workers and the leader', () => {
    const raw = {
      Plan: {
        'Node Type': 'Gather',
        'Plan Rows': 10,
        'Actual Rows': 10,
        'Actual Loops': 1,
        'Actual Total Time': 100,
        'Workers Launched': 2,
        Plans: [{ 'Node Type': 'Seq Scan', 'Parallel Aware': true, 'Relation Name': 't', 'Plan Rows': 3, 'Actual Rows': 3.33, 'Actual Loops': 3, 'Actual Total Time': 90, 'Rows Removed by Filter': 1000 }],
      },
      'Execution Time': 101,
    };
    const plan = normalisePlan(raw);
    const scan = plan.nodes[1]!;
    expect(scan.operation).toBe('Parallel Seq Scan');
    expect(scan.time!.inclusiveMs).toBe(90);
    expect(scan.rows.total).toBe(10);
    expect(scan.removed.filter).toBe(3000);
    expect(plan.root.time!.selfMs).toBe(10);
    expect(plan.root.time!.selfShare).toBeCloseTo(10 / 101);
  });

  it('leaves timing out of an estimate-only plan, and counts an InitPlan once, not in the node that used its value too', () => {
    const estimate = normalisePlan({ Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 't', 'Plan Rows': 5, 'Total Cost': 12 } });
    expect(estimate.summary.analyzed).toBe(false);
    expect(estimate.root.time).toBeUndefined();
    const withInit = normalisePlan({
      Plan: {
        'Node Type': 'Result', 'Plan Rows': 1, 'Actual Rows': 1, 'Actual Loops': 1, 'Actual Total Time': 5,
        Plans: [{ 'Node Type': 'Seq Scan', 'Parent Relationship': 'InitPlan', 'Plan Rows': 1, 'Actual Rows': 1, 'Actual Loops': 1, 'Actual Total Time': 4 }],
      },
    });
    // The Result evaluated the InitPlan (4 ms) inside its own 5 ms: 1 ms is its own.
    expect(withInit.root.time!.selfMs).toBe(1);
  });

  it('reads JIT timing in the PostgreSQL 17+ shape', () => {
    expect(normalisePlan(rawFixture('jit-overhead')).summary.jit).toEqual({ functions: 9, totalMs: 92.2 });
  });
});
