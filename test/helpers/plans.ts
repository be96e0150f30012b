import { readFileSync } from 'node:fs';
import { annotateConditions } from '../../src/core/explain/conditions.js';
import { normalisePlan, type ExplainJson } from '../../src/core/explain/normalise.js';
import type { AnalyzedPlan, PlanContext, TableStats } from '../../src/core/explain/types.js';

const DIR = new URL('../fixtures/explain/', import.meta.url);

/** The raw EXPLAIN (FORMAT JSON) of a fixture, as PostgreSQL printed it. */
export function rawFixture(name: string): ExplainJson {
  const parsed = JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8'));
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

export async function fixturePlan(name: string): Promise<AnalyzedPlan> {
  const plan = normalisePlan(rawFixture(name));
  await annotateConditions(plan);
  return plan;
}

export async function fixtureContext(name: string, tables: TableStats[] = []): Promise<PlanContext> {
  return { plan: await fixturePlan(name), tables };
}

export function fixtureTables(name: string): TableStats[] {
  return JSON.parse(readFileSync(new URL(`${name}.tables.json`, DIR), 'utf8'));
}
