import { describeNode } from '../../src/core/explain/format.js';
import { parsePlanFile } from '../../src/core/explain/plan-file.js';
import { buildReport, type ExplainReport } from '../../src/core/explain/report.js';

/** A plan file read the way `perfctl explain --plan` reads it. */
export async function reportOf(text: string, name: string): Promise<ExplainReport> {
  const file = parsePlanFile(text, name);
  return buildReport({ label: name, mode: 'file', raw: file.raw, notes: file.notes });
}

/**
 * What must not depend on the format a plan was printed in: the tree with its
 * figures (timings and buffers differ between two runs of a query, so they are
 * left out) and the rules that fire.
 */
export async function corpusModel(text: string, name: string) {
  const report = await reportOf(text, name);
  const shape = report.plan.nodes.map((n) => ({
    depth: n.depth,
    label: describeNode(n),
    parent: n.parentRelationship ?? null,
    subplan: n.subplanName ?? null,
    planned: n.rows.planned,
    loops: n.rows.loops ?? null,
    rows: n.rows.total ?? null,
    never: n.neverExecuted,
    removed: n.removed,
    conditions: n.conditions,
    sort: n.sort ? { keys: n.sort.keys, method: n.sort.method ?? null, space: n.sort.spaceType ?? null } : null,
    hash: n.hash ? { batches: n.hash.batches, original: n.hash.originalBatches } : null,
    workers: n.workers ?? null,
    subplansRemoved: n.subplansRemoved ?? null,
    timed: n.time !== undefined,
  }));
  // Planning time and JIT against execution time vary from run to run on a busy machine: those two rules are left out here.
  const findings = report.findings.map((f) => f.rule).filter((r) => r !== 'planning-dominates' && r !== 'jit-overhead');
  return { shape, findings: [...new Set(findings)].sort(), report };
}
