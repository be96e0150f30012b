import type { PlanChange } from './compare.js';
import { describeNode } from './format.js';
import type { ExplainReport } from './report.js';
import type { Finding, PlanNode } from './types.js';

/**
 * The --json document of `perfctl explain` (version 1, documented in
 * docs/explain.md). Declared here, field by field: never an internal object dumped.
 */
export interface ExplainDocument {
  version: number;
  kind: 'explain';
  label: string;
  sql: string | null;
  params: Array<string | number | boolean | null>;
  mode: ExplainReport['mode'];
  server_version_num: number | null;
  summary: {
    planning_ms: number | null;
    execution_ms: number | null;
    jit_ms: number | null;
    nodes: number;
    settings: Record<string, string> | null;
  };
  plan: NodeDocument;
  findings: FindingDocument[];
  tables: Array<{ table: string; live_rows: number; planner_rows: number; changes_since_analyze: number; last_analyze: string | null }>;
  notes: string[];
  /** Set when the statement failed (a timeout) and the plan shown is the estimate-only fallback. */
  error: { code: string; message: string } | null;
  /** With --compare: what changed against the saved plan. */
  comparison: { baseline: string; changes: PlanChange[] } | null;
}

export interface DocumentExtras {
  error?: { code: string; message: string };
  comparison?: { baseline: string; changes: PlanChange[] };
}

export interface NodeDocument {
  id: number;
  node_type: string;
  operation: string;
  label: string;
  relation: string | null;
  alias: string | null;
  index: string | null;
  parent_relationship: string | null;
  cost: { startup: number; total: number };
  rows: { estimated: number; actual: number | null; loops: number | null; actual_total: number | null; misestimate_factor: number | null; misestimate_direction: string | null };
  time_ms: { inclusive: number; self: number; self_share: number; inclusive_share: number } | null;
  buffers: { shared_hit: number; shared_read: number; shared_dirtied: number; shared_written: number; temp_read: number; temp_written: number };
  rows_removed: { filter: number; index_recheck: number; join_filter: number };
  conditions: Record<string, string>;
  sort: { keys: string[]; method: string | null; space_kb: number | null; space_type: string | null } | null;
  hash: { batches: number; original_batches: number; peak_memory_kb: number | null } | null;
  /** Added in 1.x (additive): a hash aggregate's batches and spill, leader and workers together. */
  hash_agg: { batches: number; disk_kb: number; peak_memory_kb: number | null } | null;
  heap_fetches: number | null;
  /** Added in 1.x (additive): partitions an Append's run-time pruning removed at executor start-up. */
  subplans_removed: number | null;
  heap_blocks: { exact: number; lossy: number } | null;
  never_executed: boolean;
  children: NodeDocument[];
}

export interface FindingDocument {
  rule: string;
  severity: Finding['severity'];
  node_id: number | null;
  node: string | null;
  message: string;
  evidence: Finding['evidence'];
  help: string;
}

export function toDocument(report: Omit<ExplainReport, 'raw'>, version: number, extras: DocumentExtras = {}): ExplainDocument {
  const { plan } = report;
  return {
    version,
    kind: 'explain',
    label: report.label,
    sql: report.sql ?? null,
    params: report.params,
    mode: report.mode,
    server_version_num: report.serverVersionNum ?? null,
    summary: {
      planning_ms: plan.summary.planningMs ?? null,
      execution_ms: plan.summary.executionMs ?? null,
      jit_ms: plan.summary.jit?.totalMs ?? null,
      nodes: plan.nodes.length,
      settings: plan.summary.settings ?? null,
    },
    plan: nodeDocument(plan.root),
    findings: report.findings.map((f) => findingDocument(f, f.nodeId === undefined ? undefined : plan.nodes[f.nodeId])),
    tables: report.tables.map((t) => ({
      table: `${t.schema}.${t.name}`,
      live_rows: t.liveTuples,
      planner_rows: Math.max(t.reltuples, 0),
      changes_since_analyze: t.modsSinceAnalyze,
      last_analyze: t.lastAnalyze && t.lastAutoanalyze ? (t.lastAnalyze > t.lastAutoanalyze ? t.lastAnalyze : t.lastAutoanalyze) : t.lastAnalyze ?? t.lastAutoanalyze,
    })),
    notes: report.notes,
    error: extras.error ?? null,
    comparison: extras.comparison ?? null,
  };
}

function findingDocument(f: Finding, node: PlanNode | undefined): FindingDocument {
  return { rule: f.rule, severity: f.severity, node_id: f.nodeId ?? null, node: node ? describeNode(node) : null, message: f.message, evidence: f.evidence, help: f.help };
}

function nodeDocument(node: PlanNode): NodeDocument {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    id: node.id,
    node_type: node.nodeType,
    operation: node.operation,
    label: describeNode(node),
    relation: node.relation ?? null,
    alias: node.alias ?? null,
    index: node.index ?? null,
    parent_relationship: node.parentRelationship ?? null,
    cost: node.cost,
    rows: {
      estimated: node.rows.planned,
      actual: node.rows.actual ?? null,
      loops: node.rows.loops ?? null,
      actual_total: node.rows.total ?? null,
      misestimate_factor: node.rows.misestimate ? round(node.rows.misestimate.factor) : null,
      misestimate_direction: node.rows.misestimate?.direction ?? null,
    },
    time_ms: node.time
      ? { inclusive: round(node.time.inclusiveMs), self: round(node.time.selfMs), self_share: round(node.time.selfShare), inclusive_share: round(node.time.inclusiveShare) }
      : null,
    buffers: {
      shared_hit: node.buffers.sharedHit,
      shared_read: node.buffers.sharedRead,
      shared_dirtied: node.buffers.sharedDirtied,
      shared_written: node.buffers.sharedWritten,
      temp_read: node.buffers.tempRead,
      temp_written: node.buffers.tempWritten,
    },
    rows_removed: { filter: node.removed.filter, index_recheck: node.removed.indexRecheck, join_filter: node.removed.joinFilter },
    conditions: Object.fromEntries(
      Object.entries(node.conditions)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
    ) as Record<string, string>,
    sort: node.sort ? { keys: node.sort.keys, method: node.sort.method ?? null, space_kb: node.sort.spaceKb ?? null, space_type: node.sort.spaceType ?? null } : null,
    hash: node.hash ? { batches: node.hash.batches, original_batches: node.hash.originalBatches, peak_memory_kb: node.hash.peakMemoryKb ?? null } : null,
    hash_agg: node.hashAgg ? { batches: node.hashAgg.batches, disk_kb: node.hashAgg.diskKb, peak_memory_kb: node.hashAgg.peakMemoryKb ?? null } : null,
    heap_fetches: node.heapFetches ?? null,
    subplans_removed: node.subplansRemoved ?? null,
    heap_blocks: node.heapBlocks ?? null,
    never_executed: node.neverExecuted,
    children: node.children.map(nodeDocument),
  };
}
