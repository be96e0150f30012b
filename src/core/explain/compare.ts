import { describeNode, ms } from './format.js';
import { COMPARE_ROWS_FACTOR, COMPARE_TIME_TOLERANCE } from './thresholds.js';
import type { AnalyzedPlan, Finding, PlanNode } from './types.js';
import { groupThousands } from '../../util/text.js';

export type ChangeKind = 'time' | 'access' | 'join' | 'rows' | 'finding';
export type ChangeEffect = 'regression' | 'improvement' | 'change';

export interface PlanChange {
  kind: ChangeKind;
  effect: ChangeEffect;
  message: string;
  before: string | number | null;
  after: string | number | null;
}

export interface ComparedPlan {
  plan: AnalyzedPlan;
  findings: Finding[];
}

const JOINS = /^(Parallel )?(Nested Loop|Hash Join|Merge Join)/;

/** What changed between a saved plan and the current one, most telling first. Pure. */
export function comparePlans(before: ComparedPlan, after: ComparedPlan): PlanChange[] {
  return [...timeChange(before.plan, after.plan), ...accessChanges(before.plan, after.plan), ...joinChange(before.plan, after.plan), ...findingChanges(before.findings, after.findings)];
}

function timeChange(before: AnalyzedPlan, after: AnalyzedPlan): PlanChange[] {
  const b = before.summary.executionMs;
  const a = after.summary.executionMs;
  if (b === undefined || a === undefined) return [];
  const ratio = a / Math.max(b, 0.001);
  if (Math.abs(ratio - 1) <= COMPARE_TIME_TOLERANCE) return [{ kind: 'time', effect: 'change', message: `execution time about the same: ${ms(b)} → ${ms(a)}`, before: b, after: a }];
  const effect = ratio > 1 ? 'regression' : 'improvement';
  const how = ratio > 1 ? `${ratio.toFixed(1)}× slower` : `${(1 / ratio).toFixed(1)}× faster`;
  return [{ kind: 'time', effect, message: `execution ${ms(b)} → ${ms(a)} (${how})`, before: b, after: a }];
}

/** Per table: how it is read (scan type and index) and how many rows that reads. */
function accessChanges(before: AnalyzedPlan, after: AnalyzedPlan): PlanChange[] {
  const changes: PlanChange[] = [];
  const b = scansByRelation(before);
  const a = scansByRelation(after);
  for (const relation of new Set([...b.keys(), ...a.keys()])) {
    const was = b.get(relation) ?? [];
    const now = a.get(relation) ?? [];
    const wasText = was.map(describeNode).join(' + ') || 'not read';
    const nowText = now.map(describeNode).join(' + ') || 'not read';
    if (wasText !== nowText) {
      const seqBefore = was.some((n) => n.nodeType.endsWith('Seq Scan'));
      const seqAfter = now.some((n) => n.nodeType.endsWith('Seq Scan'));
      const effect: ChangeEffect = seqBefore && !seqAfter && now.length ? 'improvement' : !seqBefore && seqAfter ? 'regression' : 'change';
      changes.push({ kind: 'access', effect, message: `${relation}: ${wasText} → ${nowText}`, before: wasText, after: nowText });
    }
    const readBefore = rowsRead(was);
    const readAfter = rowsRead(now);
    if (readBefore !== undefined && readAfter !== undefined && Math.max(readBefore, readAfter) >= COMPARE_ROWS_FACTOR * Math.max(1, Math.min(readBefore, readAfter))) {
      changes.push({
        kind: 'rows',
        effect: readAfter > readBefore ? 'regression' : 'improvement',
        message: `${relation}: rows read ${groupThousands(readBefore)} → ${groupThousands(readAfter)}`,
        before: readBefore,
        after: readAfter,
      });
    }
  }
  return changes;
}

function joinChange(before: AnalyzedPlan, after: AnalyzedPlan): PlanChange[] {
  const list = (p: AnalyzedPlan) => p.nodes.filter((n) => JOINS.test(n.operation)).map((n) => n.operation).sort().join(', ') || 'no joins';
  const b = list(before);
  const a = list(after);
  return b === a ? [] : [{ kind: 'join', effect: 'change', message: `joins: ${b} → ${a}`, before: b, after: a }];
}

function findingChanges(before: Finding[], after: Finding[]): PlanChange[] {
  const ids = (fs: Finding[]) => new Set(fs.map((f) => f.rule));
  const b = ids(before);
  const a = ids(after);
  const changes: PlanChange[] = [];
  for (const rule of a) if (!b.has(rule)) changes.push({ kind: 'finding', effect: 'regression', message: `new finding: ${rule}`, before: null, after: rule });
  for (const rule of b) if (!a.has(rule)) changes.push({ kind: 'finding', effect: 'improvement', message: `resolved: ${rule}`, before: rule, after: null });
  return changes;
}

function scansByRelation(plan: AnalyzedPlan): Map<string, PlanNode[]> {
  const map = new Map<string, PlanNode[]>();
  for (const node of plan.nodes) {
    if (!node.relation) continue;
    map.set(node.relation, [...(map.get(node.relation) ?? []), node]);
  }
  return map;
}

function rowsRead(nodes: PlanNode[]): number | undefined {
  if (nodes.length === 0 || nodes.some((n) => n.rows.total === undefined)) return undefined;
  return Math.round(nodes.reduce((sum, n) => sum + n.rows.total! + n.removed.filter + n.removed.indexRecheck, 0));
}

export function summariseChanges(changes: PlanChange[]): string {
  const count = (e: ChangeEffect) => changes.filter((c) => c.effect === e).length;
  return `${count('regression')} regressions, ${count('improvement')} improvements, ${count('change')} other changes`;
}

