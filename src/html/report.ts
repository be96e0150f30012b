import { formatAge, percent } from '../core/report/facts.js';
import type { ReportJson } from '../core/report/json.js';
import type { Row } from '../core/report/section.js';
import { formatDuration } from '../util/text.js';
import { findingList } from './findings.js';
import { serverVersion, shortTime } from './format.js';
import { h, type Markup } from './markup.js';
import { page } from './page.js';
import { sectionBody } from './report-sections.js';
import { sortableTable } from './table.js';

type Section = ReportJson['sections'][number];

/**
 * `perfctl report --html`: one self-contained page drawn from the `--json`
 * document and nothing else, so its figures are the document's.
 */
export function reportHtml(doc: ReportJson): string {
  const targets = doc.sections.find((s) => s.id === 'targets');
  const others = doc.sections.filter((s) => s.id !== 'targets');
  const body = h`<main>
<header class="top"><h1>perfctl report · ${doc.database.name}</h1><span class="meta">PostgreSQL ${serverVersion(doc.database.server_version_num)} · read ${shortTime(doc.database.now)}</span></header>
${summary(doc)}
${targets ? targetsCard(targets) : ''}
<nav class="toc">${others.map((s) => h`<a href="#section-${s.id}">${s.title}<span class="count">${s.findings.length || ''}</span></a>`)}</nav>
${others.map((s) => sectionCard(s, doc))}
<footer>perfctl report · every figure here is in <code>perfctl report --json</code>; ratios of shared-buffer blocks, times per pg_stat_statements.</footer>
</main>`;
  return page(`perfctl report · ${doc.database.name}`, body);
}

function windowText(doc: ReportJson): string {
  const w = doc.window;
  return w.mode === 'snapshot'
    ? `window: since the snapshot ${w.file ?? ''} of ${shortTime(w.since)} (${formatAge(w.seconds)})`
    : `counters since ${shortTime(w.since)} (${formatAge(w.seconds)})`;
}

function summary(doc: ReportJson): Markup {
  const s = doc.summary;
  const tile = (cls: string, key: string, figure: string | number, what: string) => h`<div class="tile ${cls}" data-summary="${key}"><div class="figure">${figure}</div><div class="what">${what}</div></div>`;
  return h`<section class="card" id="summary">
<p><span class="verdict ${doc.over_budget ? 'over' : 'ok'}">${doc.over_budget ? '✗ over budget' : '✓ within budget'}</span> <span class="meta" id="window" data-mode="${doc.window.mode}">${windowText(doc)}</span></p>
<div class="tiles">${tile('', 'findings', s.findings, 'findings')}${tile(s.error ? 'error' : '', 'error', s.error, 'errors (over a budget)')}${tile(s.warning ? 'warning' : '', 'warning', s.warning, 'warnings')}${tile('', 'notice', s.notice, 'notices')}</div>
</section>`;
}

const COMPARATOR: Record<string, string> = { 'query-p95': '≤', 'slow-call-share': '<', 'cache-hit-ratio': '≥', 'connection-usage': '≤', 'index-coverage': '≥' };

/** The targets of `budgets:`, each with its figure formatted as the text report does. */
function targetsCard(section: Section): Markup {
  const show = (r: Row, value: unknown) => (typeof value !== 'number' ? 'n/a' : r.target === 'query-p95' ? formatDuration(value) : percent(value, 2));
  const table = sortableTable<Row>({
    id: 'table-targets',
    rows: section.rows,
    rowClass: (r) => (r.verdict === 'over' ? 'over' : undefined),
    columns: [
      { head: 'target', cell: (r) => ({ text: String(r.title) }) },
      { head: 'budget', numeric: true, cell: (r) => ({ text: `${COMPARATOR[String(r.target)] ?? ''} ${show(r, r.budget)}`, sort: typeof r.budget === 'number' ? r.budget : null }) },
      { head: 'current', numeric: true, cell: (r) => ({ text: show(r, r.current), sort: typeof r.current === 'number' ? r.current : null }) },
      { head: 'verdict', cell: (r) => ({ text: h`<span class="verdict ${String(r.verdict)}">${r.verdict === 'over' ? 'over budget' : String(r.verdict)}</span>` }) },
      { head: 'how', cell: (r) => ({ text: String(r.how), className: 'meta' }) },
    ],
  });
  return h`<section class="card" id="section-targets" data-section="targets"><h2>${section.title}</h2>${table}</section>`;
}

function sectionCard(section: Section, doc: ReportJson): Markup {
  return h`<section class="card" id="section-${section.id}" data-section="${section.id}">
<h2>${section.title}</h2>
${section.problems.map((p) => h`<div class="problem">${p.problem}<div class="help">${p.fix}</div></div>`)}
${sectionBody(section, doc)}
${section.notes.length ? h`<ul class="notes">${section.notes.map((n) => h`<li>${n}</li>`)}</ul>` : ''}
${findingList(section.findings)}
</section>`;
}
