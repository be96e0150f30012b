import { readFileSync } from 'node:fs';
import { normalisePlan, type RawNode } from '../../../src/core/explain/normalise.js';
import type { CheckInput, QueryOutcome } from '../../../src/core/check/types.js';
import type { IndexSnapshot } from '../../../src/db/catalog/types.js';
import { DEFAULT_BUDGETS, type QuerySpec, type Spec } from '../../../src/spec/types.js';

/** Plan nodes as EXPLAIN (FORMAT JSON) prints them, for hand-made plans. */
export const seqScan = (relation: string, rows: number, extra: Record<string, unknown> = {}): RawNode => ({ 'Node Type': 'Seq Scan', 'Relation Name': relation, 'Startup Cost': 0, 'Total Cost': rows / 10, 'Plan Rows': rows, Filter: '(x = 1)', ...extra });
export const indexScan = (index: string, relation: string, extra: Record<string, unknown> = {}): RawNode => ({ 'Node Type': 'Index Scan', 'Index Name': index, 'Relation Name': relation, 'Startup Cost': 0.29, 'Total Cost': 8.3, 'Plan Rows': 1, 'Index Cond': '(a = 1)', ...extra });
export const node = (type: string, children: RawNode[], extra: Record<string, unknown> = {}): RawNode => ({ 'Node Type': type, 'Startup Cost': 0, 'Total Cost': children.reduce((n, c) => n + (c['Total Cost'] as number), 1), 'Plan Rows': 1, Plans: children, ...extra });

export function planned(name: string, root: RawNode, extra: Partial<QueryOutcome> & { executionMs?: number; planningMs?: number } = {}): QueryOutcome {
  const { executionMs, planningMs, ...rest } = extra;
  return { name, mode: executionMs !== undefined ? 'analyze' : 'estimate', plan: normalisePlan({ Plan: root, 'Execution Time': executionMs, 'Planning Time': planningMs }), tables: [], ...rest };
}

export function query(name: string, line: number, expect: QuerySpec['expect'] = {}): QuerySpec {
  return { name, sql: `SELECT /* ${name} */ 1`, params: [], expect, pos: { line, column: 5 } };
}

/** The snapshot read from a real PostgreSQL 18, and the spec normalised for it (../fixtures/). */
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
export const snapshotFixture = (): IndexSnapshot => fixture('snapshot.json');
export const specFixture = (): Spec => fixture('spec.json');

/** A check input over the fixture snapshot; queries and outcomes given pairwise. */
export function input(pairs: Array<[QuerySpec, QueryOutcome]>, overrides: Partial<CheckInput> = {}): CheckInput {
  const spec = specFixture();
  return {
    spec: { file: 'indexes.yaml', indexes: spec.indexes, queries: pairs.map(([q]) => q), budgets: { ...DEFAULT_BUDGETS } },
    snapshot: snapshotFixture(),
    queries: pairs.map(([, o]) => o),
    readiness: [],
    options: { analyze: false, strict: false, prune: false, maxCostIncrease: 0.2 },
    ...overrides,
  };
}
