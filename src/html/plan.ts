import type { ExplainDocument, FindingDocument, NodeDocument } from '../core/explain/document.js';
import { compact, factor, kb, ms, pct } from '../core/explain/format.js';
import { groupThousands } from '../util/text.js';
import { h, type Markup } from './markup.js';

/** Deeper levels still indent, by one step only, so a deep plan stays on the screen. */
const MAX_INDENT = 24;
const MISESTIMATE_SHOWN = 10;

/**
 * A plan as a tree, one row per node in PostgreSQL's order: self time as a bar
 * (estimated cost without ANALYZE), time with the children, rows estimated
 * against actual, loops, buffers, and the node's findings on its row. The
 * details of a node (conditions, sort, hash, rows removed) open under it.
 */
export function planTree(doc: ExplainDocument, prefix: string): Markup {
  const onNode = new Map<number, FindingDocument[]>();
  for (const f of doc.findings) if (f.node_id !== null) onNode.set(f.node_id, [...(onNode.get(f.node_id) ?? []), f]);
  const analyzed = doc.plan.time_ms !== null;
  const rows: Markup[] = [];
  const walk = (node: NodeDocument, depth: number) => {
    rows.push(nodeRow(node, depth, onNode.get(node.id) ?? [], analyzed, doc.plan.cost.total, prefix));
    for (const child of node.children) walk(child, depth + 1);
  };
  walk(doc.plan, 0);
  const head = analyzed ? ['node', 'self time', 'total', 'rows: estimated → actual', 'loops', 'buffers hit / read', 'temp'] : ['node', 'cost', 'total cost', 'rows: estimated', '', 'buffers hit / read', 'temp'];
  return h`<div class="scroll"><table class="plan" id="${prefix}plan"><thead><tr>${head.map((c) => h`<th scope="col">${c}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function nodeRow(node: NodeDocument, depth: number, findings: FindingDocument[], analyzed: boolean, rootCost: number, prefix: string): Markup {
  const share = analyzed ? node.time_ms?.self_share ?? 0 : rootCost > 0 ? node.cost.total / rootCost : 0;
  const hot = analyzed && share >= 0.5 ? 'hot' : analyzed && share >= 0.1 ? 'warm' : '';
  const worst = findings.some((f) => f.severity === 'high') ? 'high' : findings.some((f) => f.severity === 'medium') ? 'medium' : findings.length ? 'low' : '';
  const indent = `padding-left:${Math.min(depth, MAX_INDENT) * 14 + 6}px`;
  const label = h`<span class="op">${node.parent_relationship && node.parent_relationship !== 'Outer' && node.parent_relationship !== 'Inner' ? h`<span class="rel">${node.parent_relationship}</span> ` : ''}${node.label}</span>`;
  const badges = findings.map((f) => h` <a class="badge ${f.severity}" href="#${prefix}finding-${f.rule}-${node.id}">${f.rule}</a>`);
  const self = analyzed ? node.time_ms!.self : node.cost.total;
  const selfText = analyzed ? `${ms(node.time_ms!.self)} · ${pct(share)}` : groupThousands(Math.round(node.cost.total));
  const bar = h`<div class="selfbar ${hot}"><span style="width:${(Math.min(1, Math.max(0, share)) * 100).toFixed(1)}%"></span></div><span class="figure">${selfText}</span>`;
  const rowsCell = analyzed ? rowsText(node) : h`${compact(node.rows.estimated)}`;
  const b = node.buffers;
  return h`<tr id="${prefix}node-${node.id}" class="node ${worst ? `finding-${worst}` : ''} ${node.never_executed ? 'never' : ''}" data-node="${node.id}" data-depth="${depth}" data-self="${self}">
<td class="tree" style="${indent}"><details${findings.length ? ' open' : ''}><summary>${label}${badges}</summary>${details(node, findings, prefix)}</details></td>
<td class="n self">${bar}</td>
<td class="n">${analyzed ? ms(node.time_ms!.inclusive) : groupThousands(Math.round(node.cost.total))}</td>
<td class="n">${rowsCell}</td>
<td class="n">${analyzed ? (node.never_executed ? 'never' : compact(node.rows.loops ?? 0)) : ''}</td>
<td class="n">${b.shared_hit || b.shared_read ? `${compact(b.shared_hit)} / ${compact(b.shared_read)}` : ''}</td>
<td class="n">${b.temp_read || b.temp_written ? `${compact(b.temp_read)} / ${compact(b.temp_written)}` : ''}</td></tr>`;
}

function rowsText(node: NodeDocument): Markup {
  const r = node.rows;
  if (node.never_executed || r.actual === null) return h`${compact(r.estimated)} → <span class="meta">never run</span>`;
  const off = r.misestimate_factor !== null && r.misestimate_factor >= MISESTIMATE_SHOWN;
  return h`${compact(r.estimated)} → ${compact(r.actual)}${off ? h` <span class="tag ${r.misestimate_factor! >= 100 ? 'hot' : 'warn'}" title="${r.misestimate_direction === 'under' ? 'under-estimated' : 'over-estimated'}">${r.misestimate_direction === 'under' ? '▲' : '▼'} ${factor(r.misestimate_factor!)}</span>` : ''}`;
}

function details(node: NodeDocument, findings: FindingDocument[], prefix: string): Markup {
  const lines: Markup[] = [];
  const line = (name: string, value: string | number) => lines.push(h`<div><span class="k">${name}</span> <span class="mono">${value}</span></div>`);
  for (const [key, value] of Object.entries(node.conditions)) line(key.replace(/_/g, ' '), value);
  const removed = node.rows_removed;
  if (removed.filter) line('rows removed by filter', groupThousands(removed.filter));
  if (removed.index_recheck) line('rows removed by index recheck', groupThousands(removed.index_recheck));
  if (removed.join_filter) line('rows removed by join filter', groupThousands(removed.join_filter));
  if (node.sort) line('sort', `${node.sort.keys.join(', ')}${node.sort.method ? ` · ${node.sort.method}` : ''}${node.sort.space_kb !== null ? ` · ${kb(node.sort.space_kb)} ${node.sort.space_type ?? ''}` : ''}`);
  if (node.hash) line('hash', `${node.hash.batches} batch${node.hash.batches === 1 ? '' : 'es'}${node.hash.batches !== node.hash.original_batches ? ` (planned ${node.hash.original_batches})` : ''}${node.hash.peak_memory_kb !== null ? ` · peak ${kb(node.hash.peak_memory_kb)}` : ''}`);
  if (node.heap_fetches !== null) line('heap fetches', groupThousands(node.heap_fetches));
  if (node.heap_blocks) line('heap blocks', `exact ${groupThousands(node.heap_blocks.exact)}, lossy ${groupThousands(node.heap_blocks.lossy)}`);
  const b = node.buffers;
  if (b.shared_dirtied || b.shared_written) line('buffers dirtied / written', `${groupThousands(b.shared_dirtied)} / ${groupThousands(b.shared_written)}`);
  line('cost', `${node.cost.startup.toFixed(2)}..${node.cost.total.toFixed(2)}`);
  const notes = findings.map((f) => h`<div class="finding-on-node ${f.severity}" id="${prefix}finding-${f.rule}-${node.id}"><span class="sev ${f.severity}">${f.severity}</span> <b>${f.rule}</b>: ${f.message}<div class="help">${f.help}</div></div>`);
  return h`<div class="node-details">${lines}${notes}</div>`;
}
