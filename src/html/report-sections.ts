import type { BlockingNode } from '../core/report/blocking.js';
import { percent } from '../core/report/facts.js';
import type { ReportJson } from '../core/report/json.js';
import type { Row } from '../core/report/section.js';
import { formatBytes, formatDuration, groupThousands } from '../util/text.js';
import { barChart, type Tone } from './chart.js';
import { bytes, count, date, ms, pct, text } from './format.js';
import { sqlText } from './findings.js';
import { h, type Markup } from './markup.js';
import { sortableTable, type Column } from './table.js';

type Section = ReportJson['sections'][number];
const BARS = 15;

const query: Column<Row> = { head: 'query', cell: (r) => ({ text: sqlText(typeof r.query === 'string' ? r.query : null), className: 'q' }) };
const queryid: Column<Row> = { head: 'queryid', cell: (r) => ({ text: String(r.queryid ?? ''), className: 'mono meta' }) };
const col = (head: string, cell: Column<Row>['cell'], numeric = true): Column<Row> => ({ head, cell, numeric });

/** The charts and the table of one report section, drawn from its JSON rows. */
export function sectionBody(section: Section, doc: ReportJson): Markup {
  const table = (columns: Array<Column<Row>>, rowClass?: (r: Row) => string | undefined) =>
    section.rows.length ? sortableTable({ id: `table-${section.id}`, columns, rows: section.rows, rowClass }) : h`<p class="empty">nothing to show</p>`;
  switch (section.id) {
    case 'slow-queries':
      return h`${statementCharts(section)}${table(
        [col('total', ms('total_ms')), col('calls', count('calls')), col('mean', ms('mean_ms')), col('max', (r) => (r.max_ms === null ? { text: 'n/a', sort: null } : ms('max_ms')(r))), col('rows', count('rows')), col('time share', pct('share_of_time')), col('hit', pct('hit_ratio')), col('temp blks', count('temp_blks_written')), col('role', text('role'), false), queryid, query],
        (r) => (r.over_budget ? 'over' : undefined),
      )}`;
    case 'n-plus-one':
      return table([col('calls', count('calls')), col('mean', ms('mean_ms')), col('rows/call', count('rows_per_call')), col('total', ms('total_ms')), queryid, query]);
    case 'indexes':
      return h`${indexChart(section.rows)}${table(
        [
          { head: 'index', cell: (r) => ({ text: h`<span class="mono">${String(r.index)}</span><div class="meta mono">${String(r.definition ?? '')}</div>` }) },
          col('method', text('method'), false),
          col('size', bytes('bytes')),
          col('scans', count('scans')),
          col('bloat (est.)', bytes('estimated_bloat_bytes')),
          col('last scan', (r) => (r.last_scan ? date('last_scan')(r) : { text: '', sort: null })),
          { head: 'issues', cell: (r) => ({ text: issues(r).map((i) => h`<span class="tag ${issueTone(i)}">${i}</span>`) }) },
        ],
        (r) => indexRowClass(issues(r)),
      )}`;
    case 'tables': {
      const flagged = new Set(section.findings.map((f) => f.object));
      return table(
        [col('table', text('table'), false), col('rows', count('live_rows')), col('dead', count('dead_rows')), col('size', bytes('total_bytes')), col('seq scans', count('seq_scans')), col('seq share', pct('seq_share')), col('bloat (est.)', bytes('estimated_bloat_bytes')), col('changed since analyze', count('modified_since_analyze')), col('last vacuum', date('last_vacuum')), col('last analyze', date('last_analyze'))],
        (r) => (flagged.has(String(r.table)) ? 'flagged' : undefined),
      );
    }
    case 'cache':
      return h`${cacheChart(section.rows, doc.budgets.cache_hit_ratio)}${table([col('', text('object'), false), col('heap hit', pct('heap_hit_ratio', 2)), col('index hit', pct('index_hit_ratio', 2)), col('hit', pct('hit_ratio', 2)), col('blocks hit', count('blocks_hit')), col('blocks read', count('blocks_read'))])}`;
    case 'connections':
      return h`${connectionChart(section.rows)}${table([col('state', text('state'), false), col('application', text('application'), false), col('sessions', count('sessions'))])}${blockingTree(section.blocking)}`;
    case 'sequences':
      return table([col('', text('object'), false), col('kind', text('kind'), false), col('value', count('value')), col('limit', text('limit_type'), false), col('limited by', text('limited_by'), false), col('used', pct('used_share')), col('left', count('remaining_values'))]);
    case 'wraparound':
      return table([col('', text('object'), false), col('xid age', count('xid_age')), col('freeze max', count('freeze_max_age')), col('of freeze max', pct('share_of_freeze_max_age')), col('of 2^31', pct('share_of_limit')), col('mxid age', count('mxid_age')), col('vacuum now', text('vacuum_running'), false), col('last vacuum', (r) => (r.last_vacuum ? date('last_vacuum')(r) : { text: '', sort: null }))]);
    case 'replication':
      return table([col('', text('object'), false), col('kind', text('kind'), false), col('state', text('state'), false), col('replay lag', (r) => (typeof r.replay_lag_seconds === 'number' ? { text: formatDuration(r.replay_lag_seconds * 1000), sort: r.replay_lag_seconds } : { text: '', sort: null })), col('WAL behind', bytes('lag_bytes')), col('wal_status', text('wal_status'), false)]);
    default:
      return h``;
  }
}

const label = (r: Row) => (typeof r.query === 'string' ? r.query : `(text hidden) query ${String(r.queryid)}`);

function statementCharts(section: Section): Markup {
  if (section.rows.length === 0) return h``;
  const byTime = section.rows.slice(0, BARS).map((r) => ({ label: label(r), value: Number(r.total_ms), text: `${formatDuration(Number(r.total_ms))} · ${percent(Number(r.share_of_time))}`, tone: (r.over_budget ? 'hot' : 'plain') as Tone }));
  const byCalls = (section.top_by_calls ?? []).slice(0, BARS).map((r) => ({ label: label(r), value: Number(r.calls), text: `${plural(Number(r.calls), 'call')} · mean ${formatDuration(Number(r.mean_ms))}`, tone: (r.over_budget ? 'hot' : 'plain') as Tone }));
  return h`${barChart({ id: 'chart-total-time', title: 'Top statements by total time', bars: byTime, legend: [{ tone: 'hot', label: 'mean over slow_query_ms' }] })}${byCalls.length ? barChart({ id: 'chart-calls', title: 'Top statements by calls', bars: byCalls }) : ''}`;
}

const issues = (r: Row): string[] => (Array.isArray(r.issues) ? r.issues : []);
const issueTone = (issue: string): Tone => (issue === 'unused-index' || issue === 'invalid-index' ? 'hot' : issue === 'duplicate-index' || issue === 'redundant-index' ? 'warn' : 'muted');
function indexRowClass(list: string[]): string | undefined {
  if (list.some((i) => issueTone(i) === 'hot')) return 'hot';
  return list.length ? 'flagged' : undefined;
}

function indexChart(rows: Row[]): Markup {
  if (rows.length === 0) return h``;
  const largest = [...rows].sort((a, b) => Number(b.bytes) - Number(a.bytes)).slice(0, 20);
  const bars = largest.map((r) => {
    const list = issues(r);
    const tone: Tone = list.some((i) => issueTone(i) === 'hot') ? 'hot' : list.some((i) => issueTone(i) === 'warn') ? 'warn' : 'plain';
    return { label: String(r.index), value: Number(r.bytes), text: `${formatBytes(Number(r.bytes))} · ${plural(Number(r.scans), 'scan')}${list.length ? ` · ${list.join(', ')}` : ''}`, tone };
  });
  return barChart({ id: 'chart-indexes', title: 'Index sizes and scans', bars, legend: [{ tone: 'hot', label: 'unused or invalid' }, { tone: 'warn', label: 'duplicate or redundant' }] });
}

function cacheChart(rows: Row[], budget: number): Markup {
  const known = rows.filter((r) => typeof r.hit_ratio === 'number').slice(0, BARS);
  if (known.length === 0) return h``;
  const bars = known.map((r) => ({ label: String(r.object), value: Number(r.hit_ratio), text: percent(Number(r.hit_ratio), 2), tone: (Number(r.hit_ratio) < budget ? 'hot' : 'plain') as Tone }));
  return barChart({ id: 'chart-cache', title: 'Shared-buffer hit ratio', bars, max: 1, marker: { value: budget, label: `budget ${percent(budget, 2)}` } });
}

function connectionChart(rows: Row[]): Markup {
  if (rows.length === 0) return h``;
  const bars = rows.slice(0, BARS).map((r) => ({ label: `${String(r.state)} · ${String(r.application || '(no application_name)')}`, value: Number(r.sessions), text: plural(Number(r.sessions), 'session'), tone: (r.state === 'idle in transaction' ? 'warn' : 'plain') as Tone }));
  return barChart({ id: 'chart-connections', title: 'Sessions by state and application', bars });
}

function blockingTree(roots: BlockingNode[] | undefined): Markup {
  if (!roots?.length) return h``;
  const node = (n: BlockingNode): Markup =>
    h`<li><span class="mono">pid ${n.pid}</span> ${n.state ?? 'unknown state'}${n.application ? h` <span class="meta">(${n.application})</span>` : ''}${n.blocks.length ? h`<ul>${n.blocks.map(node)}</ul>` : ''}</li>`;
  return h`<h3>Who blocks whom</h3><ul class="tree blocking">${roots.map(node)}</ul>`;
}

function plural(n: number, word: string): string {
  return `${groupThousands(n)} ${word}${n === 1 ? '' : 's'}`;
}
