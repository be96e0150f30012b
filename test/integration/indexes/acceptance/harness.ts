import { expect } from 'vitest';
import type { TestDatabase } from '../../../helpers/db.js';
import { expectConverged, indexes } from '../../../helpers/indexes.js';
import { writeSpec } from '../../../helpers/spec.js';

/**
 * One migration case in the style of pg-schema-diff's acceptance tests: seed
 * DDL in a schema of its own, a spec, apply, then the catalog re-read and a
 * second plan that must be empty. A case that must be refused exits 2 and
 * leaves every index definition as it was.
 */
export interface AcceptanceCase {
  name: string;
  /** DDL run with search_path set to the case's schema. */
  seed: string;
  /** The spec body below `version`, `defaults` and `prune` (YAML). */
  spec: string;
  prune?: boolean;
  /** Expected index definitions afterwards (pg_indexes.indexdef, schema name replaced by "s"), sorted. */
  expect?: string[];
  /** The plan must refuse, with this text in the error. */
  refuse?: string;
  /** Statements that must work after the apply (e.g. an UPDATE on a published table). */
  after?: string;
  /** Hazards to allow besides index-dropped. */
  allow?: string[];
}

export async function runCase(db: TestDatabase, c: AcceptanceCase, schema: string): Promise<void> {
  await db.sql(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; SET client_min_messages = error; ${c.seed}`);
  const file = writeSpec(`version: 1\ndefaults: { schema: ${schema} }\nprune: ${c.prune ? 'true' : 'false'}\n${c.spec}\n`);
  const before = await definitions(db, schema);
  const applied = await indexes(db, 'apply', file, ['--yes', '--allow-hazards', ['index-dropped', ...(c.allow ?? [])].join(',')]);
  if (c.refuse) {
    expect(applied.code, applied.stderr).toBe(2);
    expect(applied.stderr).toContain(c.refuse);
    expect(await definitions(db, schema)).toEqual(before);
    return;
  }
  expect(applied.code, `${applied.stdout}\n${applied.stderr}`).toBe(0);
  if (c.expect) expect(await definitions(db, schema)).toEqual([...c.expect].sort());
  if (c.after) await db.sql(`SET search_path = ${schema}; ${c.after}`);
  await expectConverged(db, file);
  const leftovers = await db.sql(`SELECT relname FROM pg_class WHERE relname LIKE 'perfctl\\_tmp\\_%'`);
  expect(leftovers).toEqual([]);
}

async function definitions(db: TestDatabase, schema: string): Promise<string[]> {
  const rows = await db.sql<{ def: string }>(`SELECT replace(indexdef, $1 || '.', 's.') AS def FROM pg_indexes WHERE schemaname = $1 ORDER BY 1`, [schema]);
  return rows.map((r) => r.def);
}
