import { createHash } from 'node:crypto';
import type { CatalogTable } from '../../db/catalog/types.js';
import type { IndexSpec } from '../../spec/types.js';
import { formatBytes, groupThousands } from '../../util/text.js';
import { renderAnalyze, renderCreateIndex, renderDropIndex, renderDuplicateCount, renderRenameIndex } from '../sql.js';
import { TEMP_PREFIX, type Hazard, type PlanOptions, type PlanStep } from './types.js';

/** Every statement of a plan comes from here, rendered by src/core/sql.ts. */
export function buildStep(index: IndexSpec, name: string, options: PlanOptions, searchPathFunctions: string[] = [], carried: { storage?: string[]; tablespace?: string | null } = {}): PlanStep {
  return {
    kind: 'build',
    sql: renderCreateIndex(index, { concurrently: true, name, ...carried }),
    index: name,
    lockTimeoutMs: options.lockTimeoutMs,
    statementTimeoutMs: options.buildTimeoutMs,
    ...(index.unique ? { duplicateCheckSql: renderDuplicateCount(index) } : {}),
    ...(searchPathFunctions.length ? { searchPathFunctions } : {}),
  };
}

export function dropStep(schema: string, name: string, options: PlanOptions, concurrently = true): PlanStep {
  return { kind: 'drop', sql: renderDropIndex(schema, name, { concurrently, ifExists: true }), index: name, lockTimeoutMs: options.lockTimeoutMs, statementTimeoutMs: options.buildTimeoutMs };
}

export function renameStep(schema: string, from: string, to: string, options: PlanOptions): PlanStep {
  return { kind: 'rename', sql: renderRenameIndex(schema, from, to), index: from, renameTo: to, lockTimeoutMs: options.lockTimeoutMs, statementTimeoutMs: options.buildTimeoutMs };
}

export function analyzeStep(schema: string, table: string, options: PlanOptions): PlanStep {
  return { kind: 'analyze', sql: renderAnalyze(schema, table), index: '', lockTimeoutMs: options.lockTimeoutMs, statementTimeoutMs: options.buildTimeoutMs };
}

/** The name a replacement is built under: perfctl's prefix and a hash of what it will become (≤ 63 bytes). */
export function tempName(index: IndexSpec, signature: string): string {
  return TEMP_PREFIX + createHash('sha256').update(`${index.schema}\0${index.name}\0${signature}`).digest('hex').slice(0, 16);
}

export function buildHazards(index: IndexSpec, table: CatalogTable, options: PlanOptions, searchPathFunctions: string[] = []): Hazard[] {
  const hazards: Hazard[] = [];
  if (searchPathFunctions.length) {
    const list = searchPathFunctions.join(', ');
    hazards.push({
      id: 'function-search-path',
      lossy: false,
      message: `the index calls ${list} without SET search_path: PostgreSQL 17+ builds indexes with search_path = pg_catalog, pg_temp, so an unqualified name inside ${searchPathFunctions.length === 1 ? 'it' : 'them'} fails the build (schema-qualify the names, or ALTER FUNCTION ... SET search_path)`,
    });
  }
  if (index.unique) {
    hazards.push({ id: 'unique-build-may-fail', lossy: false, message: 'a UNIQUE build fails if existing rows have duplicate keys (perfctl then drops the leftover and reports how many)' });
  }
  if (table.sizeBytes >= options.largeTableBytes) {
    hazards.push({
      id: 'large-table-build',
      lossy: false,
      message: `${table.schema}.${table.name} is ${formatBytes(table.sizeBytes)} (~${groupThousands(Math.round(table.rowEstimate))} rows): the build scans it twice and adds I/O load for a while`,
    });
  }
  return hazards;
}
