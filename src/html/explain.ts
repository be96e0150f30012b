import type { ExplainDocument, NodeDocument } from '../core/explain/document.js';
import { ms } from '../core/explain/format.js';
import { groupThousands } from '../util/text.js';
import { barChart } from './chart.js';
import { serverVersion } from './format.js';
import { h, type Markup } from './markup.js';
import { page } from './page.js';
import { planTree } from './plan.js';

const MODES: Record<ExplainDocument['mode'], string> = {
  analyze: 'EXPLAIN (ANALYZE, BUFFERS): run, rolled back',
  estimate: 'estimates only: planned, not run',
  generic: 'generic plan: estimates for any parameter values',
  file: 'from a plan file',
};

/** `perfctl explain --html`: one page with the plan view of each statement, drawn from the --json documents. */
export function explainHtml(docs: ExplainDocument[], title: string): string {
  const toc = docs.length > 1 ? h`<nav class="toc">${docs.map((d, i) => h`<a href="#q${i}-view">${d.label}<span class="count">${d.findings.length || ''}</span></a>`)}</nav>` : '';
  return page(title, h`<main><header class="top"><h1>${title}</h1></header>${toc}${docs.map((d, i) => planView(d, docs.length > 1 ? `q${i}-` : ''))}</main>`);
}

/** The plan view of one statement; `prefix` keeps element ids apart when a page holds several. */
export function planView(doc: ExplainDocument, prefix = ''): Markup {
  const s = doc.summary;
  const tile = (key: string, figure: string, what: string) => h`<div class="tile" data-summary="${key}"><div class="figure">${figure}</div><div class="what">${what}</div></div>`;
  const bySeverity = (sev: string) => doc.findings.filter((f) => f.severity === sev).length;
  return h`<section class="card plan-view" id="${prefix}view" data-label="${doc.label}">
<h2>${doc.label}</h2>
<p class="meta">${MODES[doc.mode]}${doc.server_version_num ? ` · PostgreSQL ${serverVersion(doc.server_version_num)}` : ''}</p>
${doc.error ? h`<div class="problem">${doc.error.message}<div class="help">the plan below is the estimate-only one</div></div>` : ''}
<div class="tiles">${s.execution_ms !== null ? tile('execution', ms(s.execution_ms), 'execution') : ''}${s.planning_ms !== null ? tile('planning', ms(s.planning_ms), 'planning') : ''}${s.jit_ms !== null ? tile('jit', ms(s.jit_ms), 'JIT') : ''}${tile('nodes', String(s.nodes), 'plan nodes')}${tile('findings', String(doc.findings.length), `findings (${bySeverity('high')} high, ${bySeverity('medium')} medium, ${bySeverity('low')} low)`)}</div>
${doc.sql !== null ? h`<h3>Statement</h3><pre class="sql statement">${doc.sql}</pre>${doc.params.length ? h`<p class="meta">parameters: ${doc.params.map((p, i) => h`<code>$${i + 1}</code> = <code>${p === null ? 'NULL' : JSON.stringify(p)}</code> `)}</p>` : ''}` : ''}
${findings(doc, prefix)}
${hotNodes(doc, prefix)}
<h3>Plan</h3>
${planTree(doc, prefix)}
${doc.tables.length ? h`<h3>Tables read</h3><div class="scroll"><table><thead><tr><th>table</th><th>live rows</th><th>planner rows</th><th>changed since analyze</th><th>last analyze</th></tr></thead><tbody>${doc.tables.map((t) => h`<tr><td>${t.table}</td><td class="n">${groupThousands(t.live_rows)}</td><td class="n">${groupThousands(t.planner_rows)}</td><td class="n">${groupThousands(t.changes_since_analyze)}</td><td>${t.last_analyze ?? 'never'}</td></tr>`)}</tbody></table></div>` : ''}
${doc.comparison ? h`<h3>Compared with ${doc.comparison.baseline}</h3><ul class="findings">${doc.comparison.changes.map((c) => h`<li class="change ${c.effect}"><span class="tag ${c.effect === 'regression' ? 'hot' : c.effect === 'improvement' ? 'ok' : 'muted'}">${c.effect}</span> ${c.message}</li>`)}</ul>` : ''}
${doc.notes.length ? h`<ul class="notes">${doc.notes.map((n) => h`<li>${n}</li>`)}</ul>` : ''}
</section>`;
}

function findings(doc: ExplainDocument, prefix: string): Markup {
  if (doc.findings.length === 0) return h`<h3>Findings</h3><p class="empty">none</p>`;
  const items = doc.findings.map(
    (f) => h`<li class="finding ${f.severity}" data-rule="${f.rule}" data-node="${f.node_id ?? ''}"><span class="sev ${f.severity}">${f.severity}</span> <b>${f.rule}</b>${f.node_id !== null ? h` on <a href="#${prefix}node-${f.node_id}">${f.node ?? `node ${f.node_id}`}</a>` : ''}: ${f.message}<div class="help">${f.help}</div></li>`,
  );
  return h`<h3>Findings</h3><ul class="findings">${items}</ul>`;
}

/** Where the time went: the nodes with the most time of their own. */
function hotNodes(doc: ExplainDocument, prefix: string): Markup {
  if (doc.plan.time_ms === null) return h``;
  const all: NodeDocument[] = [];
  const walk = (n: NodeDocument) => (all.push(n), n.children.forEach(walk));
  walk(doc.plan);
  const top = all.filter((n) => n.time_ms && n.time_ms.self > 0).sort((a, b) => b.time_ms!.self - a.time_ms!.self).slice(0, 8);
  if (top.length < 2) return h``;
  return barChart({
    id: `${prefix}chart-self-time`,
    title: 'Where the time went: self time by node',
    max: doc.plan.time_ms.inclusive,
    bars: top.map((n) => ({ label: `#${n.id} ${n.label}`, value: n.time_ms!.self, text: `${ms(n.time_ms!.self)} · ${Math.round(n.time_ms!.self_share * 100)}%`, tone: n.time_ms!.self_share >= 0.5 ? 'hot' : n.time_ms!.self_share >= 0.1 ? 'warn' : 'plain' })),
  });
}
