import { compact, count, describeNode, factor, kb, ms, pct } from '../../core/explain/format.js';
import { MISESTIMATE_FACTORS, TIME_SHARE_DOMINANT, TIME_SHARE_NOTABLE } from '../../core/explain/thresholds.js';
import type { AnalyzedPlan, Finding, PlanNode } from '../../core/explain/types.js';
import { displayWidth, truncate } from '../../util/width.js';
import type { Theme } from '../theme.js';

const GATHER = new Set(['Gather', 'Gather Merge']);

interface Chip {
  text: string;
  style?: (s: string) => string;
}

/**
 * The plan as a tree: one line per node (operation, relation, index; its own
 * share of the time on the right), then its figures wrapped under it. The
 * layout is computed on plain text and coloured afterwards, so it holds at
 * any width from 60 columns up; very deep trees keep only their last levels of guides.
 */
export function renderPlanTree(plan: AnalyzedPlan, findings: Finding[], theme: Theme, width: number): string[] {
  const flagged = new Map<number, string[]>();
  for (const f of findings) if (f.nodeId !== undefined) flagged.set(f.nodeId, [...(flagged.get(f.nodeId) ?? []), f.rule]);
  const lines: string[] = [];
  const visit = (node: PlanNode, guide: string, childGuide: string) => {
    renderNode(node, fitGuide(guide, width), fitGuide(childGuide, width), flagged.get(node.id) ?? [], theme, width, lines);
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      visit(child, `${childGuide}${last ? '└─ ' : '├─ '}`, `${childGuide}${last ? '   ' : '│  '}`);
    });
  };
  visit(plan.root, '', '');
  return lines;
}

function renderNode(node: PlanNode, guide: string, childGuide: string, rules: string[], theme: Theme, width: number, lines: string[]): void {
  // A Gather's own time is waiting for and merging its workers' rows: shown, never highlighted as the hot spot.
  const share = GATHER.has(node.nodeType) ? 0 : node.time?.selfShare ?? 0;
  const style = share >= TIME_SHARE_DOMINANT ? theme.hot : share >= TIME_SHARE_NOTABLE ? theme.warn : theme.bold;
  const right = node.time ? `${ms(node.time.selfMs)} ${pct(node.time.selfShare).padStart(4)}` : node.cost.total > 0 ? `cost ${compact(node.cost.total)}` : '';
  // describeNode already starts with "InitPlan 2:" when PostgreSQL named the subplan.
  const relation = (node.parentRelationship === 'InitPlan' || node.parentRelationship === 'SubPlan') && !node.subplanName ? `${node.parentRelationship} ` : '';
  let label = `${relation}${describeNode(node)}`;
  const room = width - guide.length - right.length - 2;
  label = truncate(label, Math.max(8, room));
  const gap = Math.max(1, width - guide.length - displayWidth(label) - right.length);
  lines.push(`${theme.dim(guide)}${style(label)}${' '.repeat(gap)}${share >= TIME_SHARE_NOTABLE ? style(right) : theme.dim(right)}`);

  const detailGuide = `${childGuide}${node.children.length ? '│ ' : '  '}`;
  for (const line of wrapChips(chips(node, theme), width - detailGuide.length)) lines.push(`${theme.dim(detailGuide)}${line}`);
  for (const [name, text] of conditionLines(node)) {
    const room2 = width - detailGuide.length - name.length - 2;
    lines.push(`${theme.dim(detailGuide)}${theme.dim(`${name}: `)}${truncate(text, room2)}`);
  }
  if (rules.length) lines.push(`${theme.dim(detailGuide)}${theme.warn(`! ${rules.join(', ')}`)}`);
}

function chips(node: PlanNode, theme: Theme): Chip[] {
  const out: Chip[] = [];
  if (node.neverExecuted) return [{ text: 'never executed', style: theme.dim }];
  if (node.time && node.children.length) out.push({ text: `total ${ms(node.time.inclusiveMs)}` });
  const r = node.rows;
  if (r.actual !== undefined) {
    const perLoop = r.loops && r.loops > 1;
    out.push({ text: `rows ${count(r.actual)}${perLoop ? '/loop' : ''} (est ${count(r.planned)})` });
    const m = r.misestimate;
    if (m && m.factor >= MISESTIMATE_FACTORS.low) out.push({ text: `${m.direction === 'under' ? '▲' : '▼'} ${factor(m.factor)} off`, style: m.factor >= MISESTIMATE_FACTORS.medium ? theme.error : theme.warn });
    if (perLoop) out.push({ text: `${count(r.loops!)} loops` });
  } else if (node.cost.total > 0 || r.planned > 0) {
    // COSTS OFF prints neither cost nor estimate: show nothing rather than zeros.
    out.push({ text: `est ${count(r.planned)} rows` });
  }
  if (node.workers !== undefined) out.push({ text: `${node.workers} workers` });
  if (node.removed.filter) out.push({ text: `removed ${compact(node.removed.filter)} by filter` });
  if (node.removed.indexRecheck) out.push({ text: `removed ${compact(node.removed.indexRecheck)} by recheck` });
  if (node.removed.joinFilter) out.push({ text: `removed ${compact(node.removed.joinFilter)} by join filter` });
  const b = node.buffers;
  if (b.sharedHit || b.sharedRead) out.push({ text: `buffers ${compact(b.sharedHit)} hit${b.sharedRead ? `, ${compact(b.sharedRead)} read` : ''}` });
  if (b.tempWritten || b.tempRead) out.push({ text: `temp ${compact(b.tempWritten)} written`, style: theme.warn });
  if (node.sort?.method) out.push({ text: `${node.sort.method}${node.sort.spaceKb !== undefined ? ` ${kb(node.sort.spaceKb)}` : ''}${node.sort.spaceType === 'Disk' ? ' on disk' : ''}`, style: node.sort.spaceType === 'Disk' ? theme.warn : undefined });
  if (node.hash && node.time) out.push({ text: `${node.hash.batches} batch${node.hash.batches === 1 ? '' : 'es'}${node.hash.peakMemoryKb !== undefined ? `, ${kb(node.hash.peakMemoryKb)}` : ''}`, style: node.hash.batches > 1 ? theme.warn : undefined });
  if (node.heapFetches) out.push({ text: `heap fetches ${compact(node.heapFetches)}` });
  if (node.heapBlocks?.lossy) out.push({ text: `lossy blocks ${compact(node.heapBlocks.lossy)}`, style: theme.warn });
  return out;
}

function conditionLines(node: PlanNode): Array<[string, string]> {
  const c = node.conditions;
  const out: Array<[string, string]> = [];
  if (c.indexCond) out.push(['index cond', c.indexCond]);
  if (c.recheckCond && !c.indexCond) out.push(['recheck cond', c.recheckCond]);
  if (c.hashCond) out.push(['hash cond', c.hashCond]);
  if (c.mergeCond) out.push(['merge cond', c.mergeCond]);
  if (c.joinFilter) out.push(['join filter', c.joinFilter]);
  if (c.filter) out.push(['filter', c.filter]);
  if (node.sort?.keys.length) out.push(['sort key', node.sort.keys.join(', ')]);
  return out;
}

function wrapChips(items: Chip[], width: number): string[] {
  const lines: string[] = [];
  let plain = '';
  let styled = '';
  for (const chip of items) {
    const sep = plain ? ' · ' : '';
    if (plain && displayWidth(plain) + sep.length + displayWidth(chip.text) > width) {
      lines.push(styled);
      plain = '';
      styled = '';
    }
    const s = plain ? ' · ' : '';
    plain += s + chip.text;
    styled += s + (chip.style ? chip.style(chip.text) : chip.text);
  }
  if (plain) lines.push(styled);
  return lines;
}

/** Deep trees: keep the last levels of guides and say how deep the node is. */
function fitGuide(guide: string, width: number): string {
  const max = Math.floor(width / 3);
  if (guide.length <= max) return guide;
  const depth = Math.round(guide.length / 3);
  const marker = `[${depth}]`;
  return marker + guide.slice(guide.length - (max - marker.length));
}
