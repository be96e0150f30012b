import type { CheckDocument, ResultDocument } from '../core/check/document.js';
import type { ExplainDocument } from '../core/explain/document.js';
import { planView } from './explain.js';
import { h } from './markup.js';
import { page } from './page.js';

/**
 * `perfctl check --html`: the verdicts of the `--json` document, then the plan
 * view of each sample query that failed, under the results it failed.
 */
export function checkHtml(doc: CheckDocument, plans: ExplainDocument[]): string {
  const failed = doc.results.filter((r) => r.verdict === 'fail');
  const s = doc.summary;
  const tile = (key: string, n: number, what: string, cls = '') => h`<div class="tile ${cls}" data-summary="${key}"><div class="figure">${n}</div><div class="what">${what}</div></div>`;
  const result = (r: ResultDocument) =>
    h`<li class="finding result ${r.verdict}" data-check="${r.check}" data-subject="${r.subject.name}"><span class="sev ${r.verdict === 'fail' ? 'high' : 'medium'}">${r.verdict}</span> <b>${r.check}</b> <span class="object">${r.subject.name}</span>: ${r.message}${r.node ? h` <span class="meta">(${r.node})</span>` : ''}${r.help ? h`<div class="help">${r.help}</div>` : ''}</li>`;
  const views = plans.map((p, i) => {
    const mine = failed.filter((r) => r.subject.kind === 'query' && r.subject.name === p.label);
    return h`<section class="card failing-query" data-query="${p.label}"><h2>${p.label}</h2><ul class="findings">${mine.map(result)}</ul></section>${planView(p, `q${i}-`)}`;
  });
  const body = h`<main>
<header class="top"><h1>perfctl check · ${doc.spec}</h1><span class="meta">${doc.target} · ${doc.mode === 'analyze' ? 'executed, rolled back' : 'estimates only'}</span></header>
<section class="card" id="summary"><p><span class="verdict ${doc.passed ? 'ok' : 'over'}">${doc.passed ? '✓ passed' : '✗ failed'}</span></p>
<div class="tiles">${tile('fail', s.fail, 'failed', s.fail ? 'error' : '')}${tile('warn', s.warn, 'warnings', s.warn ? 'warning' : '')}${tile('pass', s.pass, 'passed')}${tile('skip', s.skip, 'skipped')}</div>
${failed.length ? h`<h3>Failed</h3><ul class="findings">${failed.map(result)}</ul>` : h`<p class="empty">nothing failed</p>`}
</section>
${plans.length ? h`<nav class="toc">${plans.map((p, i) => h`<a href="#q${i}-view">${p.label}</a>`)}</nav>` : ''}
${views}
</main>`;
  return page(`perfctl check · ${doc.spec}`, body);
}
