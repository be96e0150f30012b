import type { CatalogIndex, CatalogTable, IndexShape, IndexSnapshot } from '../../db/catalog/types.js';
import { SpecError, type SpecProblem } from '../../errors.js';
import type { IndexSpec, Spec } from '../../spec/types.js';
import { formatBytes } from '../../util/text.js';
import { renderCreateIndex } from '../sql.js';
import { carryOver } from './carry.js';
import { checkReferences } from './check.js';
import { planPartitioned, replacePartitioned, type PartitionedInput } from './partitioned.js';
import { describeShape, signature } from './signature.js';
import { analyzeStep, buildHazards, buildStep, dropStep, renameStep, tempName } from './steps.js';
import { TEMP_PREFIX, type Hazard, type Plan, type PlanAction, type PlanOptions } from './types.js';

export type PlanInput = Pick<Spec, 'file' | 'indexes'> & Partial<Pick<Spec, 'tables'>>;

/**
 * The spec against the catalog, matched by definition: same definition and
 * name is nothing to do, same definition under another name a rename, same
 * name with another definition a replace, an INVALID index a repair. Pure:
 * no client, clock or randomness. Throws SpecError when the spec names
 * something that is not there.
 */
export function buildPlan(spec: PlanInput, snapshot: IndexSnapshot, options: PlanOptions): Plan {
  const problems = checkReferences(spec, snapshot);
  if (problems.length) throw new SpecError(problems, { hint: 'Fix the spec: names are exact (case-sensitive) and must exist in the database.' });
  const shapes = new Map(snapshot.specIndexes.map((n) => [`${n.schema}.${n.name}`, n.shape!]));
  const searchPath = new Map(snapshot.specIndexes.map((n) => [`${n.schema}.${n.name}`, n.searchPathFunctions ?? []]));
  const tables = new Map(snapshot.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const plan: Plan = { actions: [], blocked: [], unmanaged: [], unchanged: [] };
  const nameProblems: SpecProblem[] = [];
  const dependencyProblems: SpecProblem[] = [];

  const byTable = new Map<string, IndexSpec[]>();
  for (const index of spec.indexes) {
    const key = `${index.schema}.${index.table}`;
    byTable.set(key, [...(byTable.get(key) ?? []), index]);
  }
  // Claimed tables the indexes do not name: nothing to build, but their indexes are the spec's to prune.
  for (const table of claimedTables(spec, snapshot)) {
    const key = `${table.schema}.${table.name}`;
    if (!byTable.has(key)) byTable.set(key, []);
  }
  for (const [key, specs] of byTable) {
    const table = tables.get(key)!;
    const context: TableContext = { spec, snapshot, options, table, shapes, searchPath, plan, nameProblems, dependencyProblems, used: new Set() };
    planTable(context, specs);
  }
  if (nameProblems.length) throw new SpecError([...nameProblems, ...dependencyProblems], { hint: 'Rename the spec index, or drop or rename what holds the name.' });
  if (dependencyProblems.length) {
    throw new SpecError(dependencyProblems, { hint: 'perfctl never drops an index another object depends on: keep its definition, give the spec index another name (the old index stays), or change the dependent object by hand first.' });
  }
  return plan;
}

/** The tables of `tables:` that exist, schemas claimed whole expanded (checkReferences reported the rest). */
function claimedTables(spec: PlanInput, snapshot: IndexSnapshot): CatalogTable[] {
  const indexable = (t: CatalogTable) => t.kind === 'table' || t.kind === 'partitioned' || t.kind === 'materialized-view';
  return (spec.tables ?? []).flatMap((c) => snapshot.tables.filter((t) => t.schema === c.schema && (c.table === null ? indexable(t) : t.name === c.table)));
}

interface TableContext {
  spec: PlanInput;
  snapshot: IndexSnapshot;
  options: PlanOptions;
  table: CatalogTable;
  shapes: Map<string, IndexShape>;
  /** Per spec index: functions it calls that lack SET search_path (PostgreSQL 17+). */
  searchPath: Map<string, string[]>;
  plan: Plan;
  nameProblems: SpecProblem[];
  /** Changes PostgreSQL would refuse, or allow only by losing something (a foreign key, the replica identity). */
  dependencyProblems: SpecProblem[];
  /** Catalog indexes of this table already accounted for. */
  used: Set<string>;
}

function planTable(c: TableContext, specs: IndexSpec[]): void {
  const { table, snapshot } = c;
  const existing = snapshot.indexes.filter((i) => i.schema === table.schema && i.table === table.name);
  const bySpec = new Map<IndexSpec, PlanAction | PlanAction[]>();
  const pending: IndexSpec[] = [];
  for (const index of specs) {
    const sameName = snapshot.indexes.find((i) => i.schema === index.schema && i.name === index.name);
    if (sameName && sameName.table === table.name) {
      c.used.add(sameName.name);
      const action = planSameName(c, index, sameName, existing);
      if (action) bySpec.set(index, action);
    } else if (sameName) {
      nameProblem(c, index, `the name "${index.name}" is already used by an index on ${sameName.schema}.${sameName.table}`);
    } else pending.push(index);
  }
  for (const index of pending) {
    const action = planByDefinition(c, index, existing);
    if (action) bySpec.set(index, action);
  }
  const actions = specs.flatMap((s) => bySpec.get(s) ?? []);
  const specSignatures = new Set(specs.map((s) => signature(c.shapes.get(`${s.schema}.${s.name}`)!)));
  const { leftovers, prunes } = planUnmatched(c, existing, specSignatures);
  const ordered = [...leftovers, ...actions, ...prunes];
  // ANALYZE of a partitioned table samples every partition again; the partitions' own statistics are unchanged by an index.
  if (c.options.analyze && table.kind !== 'partitioned') {
    const last = [...ordered].reverse().find((a) => a.steps.some((s) => s.kind === 'build'));
    last?.steps.push(analyzeStep(table.schema, table.name, c.options));
  }
  c.plan.actions.push(...ordered);
}

function functionsOf(c: TableContext, index: IndexSpec): string[] {
  return c.searchPath.get(`${index.schema}.${index.name}`) ?? [];
}

function hazardsFor(c: TableContext, index: IndexSpec): Hazard[] {
  return buildHazards(index, c.table, c.options, functionsOf(c, index));
}

function busyBuild(c: TableContext, name: string) {
  return c.snapshot.inProgress.find((p) => p.schema === c.table.schema && p.index === name);
}

function equivalent(c: TableContext, shape: IndexShape, existing: CatalogIndex[]): CatalogIndex | undefined {
  const sig = signature(shape);
  return existing.find((i) => !c.used.has(i.name) && i.valid && i.ready && !i.constraint && !busyBuild(c, i.name) && signature(i) === sig);
}

function planSameName(c: TableContext, index: IndexSpec, current: CatalogIndex, existing: CatalogIndex[]): PlanAction | PlanAction[] | undefined {
  const { options, table } = c;
  const shape = c.shapes.get(`${index.schema}.${index.name}`)!;
  const busy = busyBuild(c, current.name);
  if (busy) {
    c.plan.blocked.push({ schema: index.schema, table: index.table, index: index.name, pid: busy.pid, phase: busy.phase });
    return undefined;
  }
  const same = signature(current) === signature(shape);
  const healthy = current.valid && current.ready;
  if (same && healthy) {
    c.plan.unchanged.push({ schema: index.schema, table: index.table, index: index.name });
    return undefined;
  }
  if (current.constraint) {
    nameProblem(c, index, `"${index.name}" backs a ${current.constraint.replace('-', ' ')} constraint on ${index.schema}.${index.table}; perfctl does not rebuild constraint indexes (change the constraint by hand, or give the spec index another name)`);
    return undefined;
  }
  const held = heldBy(current);
  if (held) {
    dependencyProblem(c, index, `"${index.name}" cannot be dropped to change its definition: it is ${held}`);
    return undefined;
  }
  if (table.kind === 'partitioned') {
    if (same) return planPartitioned(partitionedInput(c, index, shape, current));
    const temp = tempName(index, signature(shape));
    c.used.add(temp);
    const tempIndex = existing.find((i) => i.name === temp);
    return replacePartitioned({ ...partitionedInput(c, index, shape), current, temp, ...(tempIndex ? { tempIndex } : {}) });
  }
  const definition = renderCreateIndex(index, { concurrently: true });
  const base = { schema: index.schema, table: index.table, index: index.name, from: current.name, definition, previous: describeShape(current) };
  const twin = equivalent(c, shape, existing);
  if (twin) c.used.add(twin.name);
  const temp = tempName(index, signature(shape));
  // What belongs to the old index moves to the new one before the old one goes (after the rebuild, for a repair).
  const carry = carryOver(current, shape, table, twin?.name ?? (healthy ? temp : index.name), !twin, options);
  if (carry.problem) {
    dependencyProblem(c, index, carry.problem);
    return undefined;
  }
  const carried = carry.carries.length ? { carries: carry.carries } : {};
  if (!healthy) {
    const steps = twin
      ? [...carry.steps, dropStep(index.schema, current.name, options), renameStep(index.schema, twin.name, index.name, options)]
      : [dropStep(index.schema, current.name, options), buildStep(index, index.name, options, functionsOf(c, index), carry.build), ...carry.steps];
    const reason = twin ? `INVALID; an equivalent valid index "${twin.name}" takes its name` : 'INVALID (a failed or interrupted build): drop it and build it again';
    return { id: `repair ${index.schema}.${index.name}`, kind: 'repair', ...base, ...carried, reason, steps, hazards: [...(twin ? [] : hazardsFor(c, index)), ...carry.hazards] };
  }
  if (twin) {
    const steps = [...carry.steps, dropStep(index.schema, current.name, options), renameStep(index.schema, twin.name, index.name, options)];
    return { id: `replace ${index.schema}.${index.name}`, kind: 'replace', ...base, ...carried, reason: `definition changed; the valid index "${twin.name}" already has the new one`, steps, hazards: carry.hazards };
  }
  const tempBusy = busyBuild(c, temp);
  if (tempBusy) {
    // Its replacement is being built already (by a perfctl that died, or another apply): wait for it.
    c.plan.blocked.push({ schema: index.schema, table: index.table, index: temp, pid: tempBusy.pid, phase: tempBusy.phase });
    return undefined;
  }
  const steps = [buildStep(index, temp, options, functionsOf(c, index), carry.build), ...carry.steps, dropStep(index.schema, current.name, options), renameStep(index.schema, temp, index.name, options)];
  const hazards = [
    ...hazardsFor(c, index),
    { id: 'replace-doubles-space' as const, lossy: false, message: `the new index is built beside the old one (${formatBytes(current.sizeBytes)} now) until the old one is dropped` },
    ...carry.hazards,
  ];
  return { id: `replace ${index.schema}.${index.name}`, kind: 'replace', ...base, ...carried, reason: 'definition changed: build the new one, then drop the old one', steps, hazards };
}

function planByDefinition(c: TableContext, index: IndexSpec, existing: CatalogIndex[]): PlanAction | PlanAction[] | undefined {
  const { options, table } = c;
  const shape = c.shapes.get(`${index.schema}.${index.name}`)!;
  const definition = renderCreateIndex(index, { concurrently: true });
  const holder = c.snapshot.otherRelations.find((r) => r.schema === index.schema && r.name === index.name) ?? c.snapshot.tables.find((t) => t.schema === index.schema && t.name === index.name);
  if (holder) {
    nameProblem(c, index, `the name "${index.name}" is already used by the ${'kind' in holder ? holder.kind.replace('-', ' ') : 'relation'} ${index.schema}.${index.name} (tables, indexes and sequences share one namespace)`);
    return undefined;
  }
  const twin = equivalent(c, shape, existing);
  if (twin) {
    c.used.add(twin.name);
    return {
      id: `rename ${index.schema}.${index.name}`,
      kind: 'rename',
      schema: index.schema,
      table: index.table,
      index: index.name,
      from: twin.name,
      reason: `same definition as the existing "${twin.name}"`,
      definition,
      steps: [renameStep(index.schema, twin.name, index.name, options)],
      hazards: [],
    };
  }
  if (table.kind === 'partitioned') return planPartitioned(partitionedInput(c, index, shape));
  return {
    id: `create ${index.schema}.${index.name}`,
    kind: 'create',
    schema: index.schema,
    table: index.table,
    index: index.name,
    reason: 'not in the database',
    definition,
    steps: [buildStep(index, index.name, options, functionsOf(c, index))],
    hazards: hazardsFor(c, index),
  };
}

/** Indexes of the table the spec does not account for: perfctl's leftovers go, others only with prune. */
function planUnmatched(c: TableContext, existing: CatalogIndex[], specSignatures: Set<string>): { leftovers: PlanAction[]; prunes: PlanAction[] } {
  const leftovers: PlanAction[] = [];
  const prunes: PlanAction[] = [];
  for (const index of existing) {
    if (c.used.has(index.name)) continue;
    const definition = describeShape(index);
    // DROP INDEX CONCURRENTLY cannot drop an index of a partitioned table; a plain DROP takes its partitions' locks.
    const base = { schema: index.schema, table: index.table, index: index.name, from: index.name, definition, steps: [dropStep(index.schema, index.name, c.options, !index.partitioned)] };
    const busy = busyBuild(c, index.name);
    const held = heldBy(index) ?? (index.attributes?.replicaIdentity ? `the replica identity of ${index.schema}.${index.table}` : undefined);
    if (busy) {
      c.plan.unmanaged.push({ schema: index.schema, table: index.table, index: index.name, definition, reason: `being built by pid ${busy.pid} (${busy.phase})` });
    } else if (held && !index.constraint) {
      c.plan.unmanaged.push({ schema: index.schema, table: index.table, index: index.name, definition, reason: `${held}: kept (perfctl never drops what another object depends on)` });
    } else if (!index.partitioned && (index.name.startsWith(TEMP_PREFIX) || (!index.valid && specSignatures.has(signature(index))))) {
      leftovers.push({ id: `drop ${index.schema}.${index.name}`, kind: 'drop', ...base, reason: `leftover of an interrupted perfctl build${index.valid ? '' : ' (INVALID)'}`, hazards: [] });
    } else if (index.constraint) {
      c.plan.unmanaged.push({ schema: index.schema, table: index.table, index: index.name, definition, reason: `backs a ${index.constraint.replace('-', ' ')} constraint` });
    } else if (c.options.prune) {
      const partitioned = index.partitioned ? ` and the index attached to it on every partition (plain DROP INDEX: an ACCESS EXCLUSIVE lock on ${index.schema}.${index.table} and each partition while it runs)` : '';
      const message = `drops ${index.schema}.${index.name} (${index.partitioned ? 'partitioned' : formatBytes(index.sizeBytes)}${index.valid ? '' : ', INVALID'})${partitioned}, which the spec does not name`;
      prunes.push({ id: `drop ${index.schema}.${index.name}`, kind: 'drop', ...base, reason: 'not in the spec (prune)', hazards: [{ id: 'index-dropped', lossy: true, message }] });
    } else {
      c.plan.unmanaged.push({ schema: index.schema, table: index.table, index: index.name, definition, reason: index.valid ? 'not in the spec (kept; prune would drop it)' : 'INVALID and not in the spec (kept; prune would drop it)' });
    }
  }
  return { leftovers, prunes };
}

function partitionedInput(c: TableContext, index: IndexSpec, shape: IndexShape, current?: CatalogIndex): PartitionedInput {
  const names = new Set([...c.snapshot.indexes, ...c.snapshot.tables, ...c.snapshot.otherRelations].map((r) => `${r.schema}.${r.name}`));
  const taken = (schema: string, name: string) => names.has(`${schema}.${name}`) || c.spec.indexes.some((i) => i.schema === schema && i.name === name);
  return { index, shape, table: c.table, indexes: c.snapshot.indexes, ...(current ? { current } : {}), taken, searchPathFunctions: functionsOf(c, index), options: c.options };
}

/** Why PostgreSQL would refuse to drop the index on its own (2BP01), if it would. */
function heldBy(index: CatalogIndex): string | undefined {
  const keys = index.foreignKeys ?? [];
  if (keys.length) return `referenced by the foreign key${keys.length === 1 ? '' : 's'} ${keys.join(', ')}`;
  if (index.attachedTo) return `attached to the partitioned index ${index.attachedTo} (it changes with that index)`;
  return undefined;
}

function dependencyProblem(c: TableContext, index: IndexSpec, message: string): void {
  const i = c.spec.indexes.indexOf(index);
  c.dependencyProblems.push({ file: c.spec.file, ...index.pos, path: `indexes[${i}]`, message });
}

function nameProblem(c: TableContext, index: IndexSpec, message: string): void {
  const i = c.spec.indexes.indexOf(index);
  c.nameProblems.push({ file: c.spec.file, ...index.pos, path: `indexes[${i}].name`, message });
}
