import type { CatalogIndex, CatalogTable, IndexShape } from '../../db/catalog/types.js';
import { renderClusterOn, renderIndexComment, renderReplicaIdentity, renderStatisticsTarget } from '../sql.js';
import type { Hazard, PlanOptions, PlanStep } from './types.js';

/** What a replace takes from the index it replaces, and how. */
export interface CarryOver {
  /** Settings for the CREATE INDEX of the new index (only when this action builds it). */
  build: { storage?: string[]; tablespace?: string | null };
  /** ALTER/COMMENT statements on the new index, run before the old one is dropped. */
  steps: PlanStep[];
  carries: string[];
  hazards: Hazard[];
  /** Why the replace cannot keep what must be kept (the plan refuses). */
  problem?: string;
}

/**
 * Everything that belongs to `old` beyond its definition, moved to `target`
 * (the new index, under the name it has before the old one is dropped):
 * storage parameters and tablespace at build time, then comment, statistics
 * targets, CLUSTER marker and, last (so that a failure before it leaves the
 * old index in charge), the table's replica identity.
 */
export function carryOver(old: CatalogIndex, shape: IndexShape, table: CatalogTable, target: string, built: boolean, options: PlanOptions): CarryOver {
  const a = old.attributes;
  const out: CarryOver = { build: {}, steps: [], carries: [], hazards: [] };
  if (!a) return out;
  const step = (label: string, sql: string): PlanStep => ({ kind: 'alter', sql, index: target, label, lockTimeoutMs: options.lockTimeoutMs, statementTimeoutMs: options.buildTimeoutMs });
  const lost = (what: string) => out.hazards.push({ id: 'attribute-not-carried', lossy: false, message: `${what} of ${old.schema}.${old.name} is not carried over: ${what === 'statistics target' ? 'its expression is not in the new definition' : 'the new index is built as the spec says'}` });
  if (a.storage.length) {
    if (built && shape.method === old.method) {
      out.build.storage = a.storage;
      out.carries.push(`storage (${a.storage.join(', ')})`);
    } else lost(`storage (${a.storage.join(', ')})`);
  }
  if (a.tablespace) {
    if (built) {
      out.build.tablespace = a.tablespace;
      out.carries.push(`tablespace ${a.tablespace}`);
    } else lost(`tablespace ${a.tablespace}`);
  }
  if (a.comment !== null) {
    out.steps.push(step('comment', renderIndexComment(old.schema, target, a.comment)));
    out.carries.push('comment');
  }
  for (const { column, target: value } of a.statistics) {
    const key = old.keys[column - 1];
    const at = key ? shape.keys.findIndex((k) => k.kind === 'expression' && k.kind === key.kind && k.definition === key.definition) : -1;
    if (at < 0) {
      lost('statistics target');
      continue;
    }
    out.steps.push(step(`statistics target of ${key!.definition}`, renderStatisticsTarget(old.schema, target, at + 1, value)));
    out.carries.push(`statistics target ${value} on ${key!.definition}`);
  }
  if (a.clustered) {
    out.steps.push(step('CLUSTER marker', renderClusterOn(old.schema, old.table, target)));
    out.carries.push('CLUSTER marker');
  }
  if (a.replicaIdentity) {
    const why = replicaIdentityProblem(shape, table);
    if (why) out.problem = `"${old.name}" is the replica identity of ${old.schema}.${old.table}, and the new definition cannot be one (${why}); logical replication of UPDATE and DELETE would stop. Keep a definition that can serve as replica identity, or set the table's REPLICA IDENTITY to something else first`;
    out.steps.push(step('replica identity', renderReplicaIdentity(old.schema, old.table, target)));
    out.carries.push('replica identity');
    out.hazards.push({ id: 'replica-identity-moved', lossy: false, message: `moving the replica identity of ${old.schema}.${old.table} takes an ACCESS EXCLUSIVE lock on it for an instant (under lock_timeout, retried)` });
  }
  return out;
}

/** REPLICA IDENTITY USING INDEX needs a unique, non-partial index on NOT NULL columns without expressions. */
function replicaIdentityProblem(shape: IndexShape, table: CatalogTable): string | undefined {
  if (!shape.unique) return 'it is not UNIQUE';
  if (shape.predicate) return 'it is partial';
  if (shape.keys.some((k) => k.kind === 'expression')) return 'it has an expression';
  const notNull = table.notNull;
  const nullable = notNull ? shape.keys.filter((k) => !notNull.includes(k.definition)).map((k) => k.definition) : [];
  if (nullable.length) return `${nullable.join(', ')} ${nullable.length === 1 ? 'is' : 'are'} not NOT NULL`;
  return undefined;
}
