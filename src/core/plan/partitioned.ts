import { createHash } from 'node:crypto';
import type { CatalogIndex, CatalogTable, IndexShape, PartitionNode } from '../../db/catalog/types.js';
import type { IndexSpec } from '../../spec/types.js';
import { byteLength } from '../../util/text.js';
import { qualified, renderAttachIndex, renderCreateIndex } from '../sql.js';
import { describeShape, signature as sigOf } from './signature.js';
import { buildHazards, buildStep, dropStep, renameStep } from './steps.js';
import type { Hazard, PlanAction, PlanOptions, PlanStep } from './types.js';

export interface PartitionedInput {
  index: IndexSpec;
  shape: IndexShape;
  table: CatalogTable;
  /** Every index of the table and of its partitions. */
  indexes: CatalogIndex[];
  /** The spec index as it exists on the parent (INVALID: a half-done run), if it does. */
  current?: CatalogIndex;
  /** Names already taken in each schema, to name new partition indexes. */
  taken: (schema: string, name: string) => boolean;
  searchPathFunctions: string[];
  options: PlanOptions;
}

interface Desired {
  node: PartitionNode | null;
  schema: string;
  table: string;
  name: string;
  exists: boolean;
  attached: boolean;
  /** An INVALID index with the name this node's index gets (a build that was interrupted). */
  leftover: boolean;
}

/**
 * An index on a partitioned table, built online as PostgreSQL documents it:
 * `CREATE INDEX CONCURRENTLY` on each leaf partition (one action per
 * partition, so they run in parallel across partitions and one at a time on
 * each), then, once all are built, one action that defines the index `ON
 * ONLY` the parent and each sub-partitioned table (no data, an instant) and
 * attaches every partition's index bottom-up, after which PostgreSQL marks
 * the parent valid. A valid unattached index of the same definition on a
 * partition (left by an interrupted run, or made by hand) is attached instead
 * of built, and what is attached already stays: a re-run finishes the work.
 */
export function planPartitioned(p: PartitionedInput): PlanAction[] {
  const { index, table, options } = p;
  const sig = sigOf(p.shape);
  const root: Desired = { node: null, schema: table.schema, table: table.name, name: index.name, exists: Boolean(p.current), attached: true, leftover: false };
  const desired = new Map<string, Desired>([[`${table.schema}.${table.name}`, root]]);
  const ordered: Desired[] = [];
  for (const node of table.partitions ?? []) {
    const parent = desired.get(node.parent);
    if (!parent) continue;
    const own = p.indexes.filter((i) => i.schema === node.schema && i.table === node.name);
    const attached = parent.exists ? own.find((i) => i.attachedTo === `${parent.schema}.${parent.name}`) : undefined;
    const reusable = own.find((i) => !i.attachedTo && !i.constraint && sigOf(i) === sig && (node.kind === 'partitioned' ? i.partitioned : i.valid && i.ready));
    const found = attached ?? reusable;
    const name = found?.name ?? partitionIndexName(node, index.name, p.taken);
    const leftover = !found && own.some((i) => i.name === name && !(i.valid && i.ready) && !i.attachedTo);
    const entry: Desired = { node, schema: node.schema, table: node.name, name, exists: Boolean(found), attached: Boolean(attached), leftover };
    desired.set(`${node.schema}.${node.name}`, entry);
    ordered.push(entry);
  }

  const leafActions: PlanAction[] = ordered
    .filter((d) => d.node!.kind !== 'partitioned' && !d.exists)
    .map((d) => {
      const onLeaf: IndexSpec = { ...index, schema: d.schema, table: d.table, name: d.name };
      const leafTable: CatalogTable = { schema: d.schema, name: d.table, kind: 'table', isPartition: true, sizeBytes: d.node!.sizeBytes, rowEstimate: 0, columns: [] };
      const steps: PlanStep[] = [...(d.leftover ? [dropStep(d.schema, d.name, options)] : []), buildStep(onLeaf, d.name, options, p.searchPathFunctions)];
      return {
        id: `create ${d.schema}.${d.name}`,
        kind: 'create',
        schema: d.schema,
        table: d.table,
        index: d.name,
        reason: `partition of ${table.schema}.${table.name}: its part of ${index.schema}.${index.name}${d.leftover ? ' (an interrupted build left it INVALID)' : ''}`,
        definition: renderCreateIndex(onLeaf, { concurrently: true }),
        steps,
        hazards: buildHazards(onLeaf, leafTable, options, p.searchPathFunctions),
        partOf: `${index.schema}.${index.name}`,
      };
    });

  const step = (kind: 'define' | 'attach', sql: string, name: string, parentIndex?: string): PlanStep => ({
    kind,
    sql,
    index: name,
    ...(parentIndex ? { parentIndex } : {}),
    lockTimeoutMs: options.lockTimeoutMs,
    statementTimeoutMs: options.buildTimeoutMs,
  });
  const define = (d: Desired) => step('define', renderCreateIndex({ ...index, schema: d.schema, table: d.table }, { concurrently: false, name: d.name, on: `ONLY ${qualified(d.schema, d.table)}` }), d.name);
  const steps: PlanStep[] = [];
  if (!root.exists) steps.push(define(root));
  for (const d of ordered) if (d.node!.kind === 'partitioned' && !d.exists) steps.push(define(d));
  // Bottom-up: a sub-partitioned table's index becomes valid once its own partitions are attached.
  for (const d of [...ordered].reverse()) {
    if (d.attached) continue;
    const parent = desired.get(d.node!.parent)!;
    steps.push(step('attach', renderAttachIndex(parent.schema, parent.name, d.schema, d.name), d.name, `${parent.schema}.${parent.name}`));
  }
  if (steps.length === 0 && leafActions.length === 0) return [];
  const missing = ordered.filter((d) => !d.attached).length;
  const parentAction: PlanAction = {
    id: `${p.current ? 'repair' : 'create'} ${index.schema}.${index.name}`,
    kind: p.current ? 'repair' : 'create',
    schema: index.schema,
    table: index.table,
    index: index.name,
    ...(p.current ? { from: p.current.name } : {}),
    reason: p.current
      ? `INVALID (a half-done partitioned build): ${missing} of ${ordered.length} partition${ordered.length === 1 ? ' has' : 's have'} no index attached`
      : `not in the database: ${leafActions.length} partition${leafActions.length === 1 ? '' : 's'} to build, then ${index.name} defined ON ONLY the parent and ${missing} partition index${missing === 1 ? '' : 'es'} attached`,
    definition: renderCreateIndex(index, { concurrently: false }),
    steps,
    hazards: [],
    after: leafActions.map((a) => a.id),
    verifyValid: true,
  };
  return [...leafActions, parentAction];
}

/**
 * A partitioned index with another definition: the new one is built and
 * attached under a temporary name as above, and only once it is valid is the
 * old one dropped (a plain DROP INDEX: PostgreSQL cannot drop a partitioned
 * index concurrently, and it locks the table and every partition while it
 * drops their indexes; hence a lossy hazard) and the new one renamed.
 */
export function replacePartitioned(p: PartitionedInput & { current: CatalogIndex; temp: string; tempIndex?: CatalogIndex }): PlanAction[] {
  const { index, options, table } = p;
  const drop: PlanStep = { ...dropStep(index.schema, p.current.name, options, false), requireValid: { schema: index.schema, index: p.temp } };
  const finish = [drop, renameStep(index.schema, p.temp, index.name, options)];
  const hazard: Hazard = {
    id: 'partitioned-index-replaced',
    lossy: true,
    message: `once the new index is valid, the old ${index.schema}.${index.name} is dropped with a plain DROP INDEX (a partitioned index cannot be dropped concurrently): it holds an ACCESS EXCLUSIVE lock on ${table.schema}.${table.name} and each partition while it drops their indexes`,
  };
  const base = {
    id: `replace ${index.schema}.${index.name}`,
    kind: 'replace' as const,
    schema: index.schema,
    table: index.table,
    index: index.name,
    from: p.current.name,
    previous: describeShape(p.current),
    definition: renderCreateIndex(index, { concurrently: false }),
    hazards: [hazard],
    verifyValid: true,
  };
  if (p.tempIndex?.valid) return [{ ...base, reason: `definition changed; the new partitioned index "${p.temp}" is built already`, steps: finish }];
  // The old index is not this build's parent: the new one starts from the temporary name (or what a previous run left of it).
  const { current: _old, tempIndex, temp, ...input } = p;
  const built = planPartitioned({ ...input, index: { ...index, name: temp }, ...(tempIndex ? { current: tempIndex } : {}) });
  const parent = built.at(-1);
  return [
    ...built.slice(0, -1),
    { ...base, reason: 'definition changed: build the new one on every partition and attach it, then drop the old one', steps: [...(parent?.steps ?? []), ...finish], after: parent?.after ?? [] },
  ];
}

/** `<partition>_<index>` when it fits in 63 bytes and is free; otherwise shortened, with a hash of both. */
function partitionIndexName(node: PartitionNode, indexName: string, taken: (schema: string, name: string) => boolean): string {
  const plain = `${node.name}_${indexName}`;
  if (byteLength(plain) <= 63 && !taken(node.schema, plain)) return plain;
  const hash = createHash('sha256').update(`${node.schema}\0${node.name}\0${indexName}`).digest('hex').slice(0, 8);
  let head = node.name;
  while (byteLength(`${head}_${hash}`) > 63) head = head.slice(0, -1);
  return `${head}_${hash}`;
}

/** Unique indexes on a partitioned table must contain every level's partition key (PostgreSQL checks it partition by partition). */
export function uniqueKeyProblem(index: IndexSpec, table: CatalogTable): string | undefined {
  if (!index.unique || table.kind !== 'partitioned') return undefined;
  const columns = new Set(index.columns.flatMap((c) => (c.column !== undefined ? [c.column] : [])));
  const levels: Array<{ where: string; key: string[] | null | undefined }> = [
    { where: `${table.schema}.${table.name}`, key: table.partitionKey },
    ...(table.partitions ?? []).filter((n) => n.kind === 'partitioned').map((n) => ({ where: `${n.schema}.${n.name}`, key: n.partitionKey })),
  ];
  for (const level of levels) {
    if (level.key === null) return `a unique index on a partitioned table must include the partition key, and the key of ${level.where} has an expression, which an index column cannot match`;
    const absent = (level.key ?? []).filter((k) => !columns.has(k));
    if (absent.length) return `a unique index on a partitioned table must include the partition key: add ${absent.join(', ')} (the partition key of ${level.where}) to its columns`;
  }
  return undefined;
}
