import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, NO_BROWSER, openFile, screenshot, type OpenedPage } from '../helpers/browser.js';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { section, workload, writeSpec } from '../helpers/report.js';

// Names and a column alias that would run script if they reached the page unescaped.
const TABLE = '<img src=x onerror=window.__xss=1>';
const INDEX = '</script><script>window.__xss=2</script>';
const ALIAS = '<script>window.__xss=3</script>';

let db: TestDatabase;
let dir: string;
let doc: any;
let html: string;
let opened: OpenedPage;

beforeAll(async () => {
  db = await createTestDatabase('report_html');
  dir = mkdtempSync(join(tmpdir(), 'perfctl-html-'));
  await workload(db.adminUrl, async (c) => {
    await c.query(`CREATE EXTENSION pg_stat_statements;
      CREATE TABLE "${TABLE}" (id int PRIMARY KEY, v int, note text);
      INSERT INTO "${TABLE}" SELECT g, g % 100, 'n' || g FROM generate_series(1, 20000) g;
      CREATE INDEX "${INDEX}" ON "${TABLE}" (v);
      CREATE INDEX v_again ON "${TABLE}" (v);
      CREATE INDEX note_unused ON "${TABLE}" (note);
      ANALYZE`);
  });
  await workload(db.adminUrl, async (c) => {
    for (let i = 0; i < 1200; i++) await c.query(`SELECT v AS "${ALIAS}" FROM "${TABLE}" WHERE id = $1`, [i + 1]);
    for (let i = 0; i < 3; i++) await c.query('SELECT pg_sleep(0.12), count(*) FROM generate_series(1, 10)');
  });
  const spec = writeSpec('version: 1\nbudgets: { slow_query_ms: 100 }\n');
  const file = join(dir, 'report.html');
  const result = await runPerfctl(['report', '--json', '--html', file, '--db', db.url, '-f', spec]);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/wrote .*report\.html \(\d+ kB, self-contained/);
  doc = JSON.parse(result.stdout);
  html = readFileSync(file, 'utf8');
  if (!NO_BROWSER) opened = await openFile(file);
}, 120_000);

afterAll(async () => {
  await opened?.close();
  await closeBrowser();
  await db?.drop();
});

describe('perfctl report --html', () => {
  it('writes one page that names no other resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('content="default-src &#39;none&#39;;');
    expect(html).not.toMatch(/(src|href)=["']?(https?:|\/\/)/i);
    expect(html).not.toContain(ALIAS);
    expect(html).not.toContain(INDEX);
  });
});

describe('perfctl report --html to a path that cannot be written', () => {
  it('exits 2 naming the file, and leaves nothing behind', async () => {
    const file = join(dir, 'no-such-folder', 'report.html');
    const result = await runPerfctl(['report', 'cache', '--html', file, '--db', db.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write the HTML page .*no-such-folder\/report\.html: ENOENT/);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe.skipIf(NO_BROWSER)('perfctl report --html in Chromium', () => {
  it('loads offline without errors, requests, dialogs or injected script', async () => {
    const { page } = opened;
    expect(opened.errors).toEqual([]);
    expect(opened.requests).toEqual([]);
    expect(opened.dialogs).toEqual([]);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.evaluate('[document.scripts.length, document.images.length]')).toEqual([1, 0]);
    const text = String(await page.evaluate('document.body.textContent'));
    for (const hostile of [TABLE, INDEX, ALIAS]) expect(text).toContain(hostile);
    console.log(`screenshot: ${await screenshot(page, 'report')}`);
  });

  it('has the summary, the targets and every section of the JSON document', async () => {
    const ids = await opened.page.$$eval('section[data-section]', (s: any[]) => s.map((e: any) => e.getAttribute('data-section')));
    expect(ids).toEqual(['targets', ...doc.sections.map((s: any) => s.id).filter((id: string) => id !== 'targets')]);
    const tiles = await opened.page.$$eval('[data-summary]', (t: any[]) => t.map((e: any) => [e.getAttribute('data-summary'), Number(e.querySelector('.figure')!.textContent)]));
    expect(Object.fromEntries(tiles)).toEqual(doc.summary);
    expect(await opened.page.$eval('.verdict', (e: any) => e.textContent)).toContain('over budget');
    for (const s of doc.sections) {
      const shown = await opened.page.$$eval(`#section-${s.id} li.finding`, (l: any[]) => l.map((e: any) => [e.parentNode.getAttribute('data-check'), e.querySelector('.sev').textContent]));
      expect(shown, s.id).toEqual(s.findings.map((f: any) => [f.check, f.severity]));
    }
  });

  it('shows the figures of the JSON document', async () => {
    const column = (table: string, n: number) => opened.page.$$eval(`#${table} tbody tr`, (rows: any[], i: number) => rows.map((r: any) => Number(r.cells[i].getAttribute('data-v'))), n);
    const slow = section(doc, 'slow-queries');
    expect(slow.rows.length).toBeGreaterThan(2);
    expect(await column('table-slow-queries', 0)).toEqual(slow.rows.map((r: any) => r.total_ms));
    expect(await column('table-slow-queries', 1)).toEqual(slow.rows.map((r: any) => r.calls));
    const indexes = section(doc, 'indexes');
    expect(await column('table-indexes', 2)).toEqual(indexes.rows.map((r: any) => r.bytes));
    expect(await column('table-indexes', 3)).toEqual(indexes.rows.map((r: any) => r.scans));
    const targets = section(doc, 'targets');
    const current = await opened.page.$$eval('#table-targets tbody tr', (rows: any[]) => rows.map((r: any) => r.cells[2]!.getAttribute('data-v')));
    expect(current).toEqual(targets.rows.map((r: any) => (r.current === null ? null : String(r.current))));
    const budget = await opened.page.$$eval('#table-targets tbody tr', (rows: any[]) => rows.map((r: any) => Number(r.cells[1].getAttribute('data-v'))));
    expect(budget).toEqual(targets.rows.map((r: any) => r.budget));
    const bars = await opened.page.$$eval('#chart-total-time .bar', (b: any[]) => b.map((e: any) => Number(e.getAttribute('data-value'))));
    expect(bars).toEqual(slow.rows.slice(0, 15).map((r: any) => r.total_ms));
    const byCalls = await opened.page.$$eval('#chart-calls .bar', (b: any[]) => b.map((e: any) => Number(e.getAttribute('data-value'))));
    expect(byCalls[0]).toBe(Math.max(...slow.top_by_calls.map((r: any) => r.calls)));
  });

  it('highlights the unused and duplicate indexes', async () => {
    const tones = await opened.page.$$eval('#chart-indexes .bar', (b: any[]) => b.map((e: any) => [e.querySelector('text.label')!.textContent, e.getAttribute('class')]));
    const tone = Object.fromEntries(tones);
    expect(tone[`public.${TABLE}.note_unused`]).toContain('hot');
    const duplicate = section(doc, 'indexes').findings.find((f: any) => f.check === 'duplicate-index').object;
    expect(tone[duplicate]).toMatch(/warn|hot/);
  });

  it('sorts a table by a header click, largest first, then smallest', async () => {
    const page = opened.page;
    const calls = () => page.$$eval('#table-slow-queries tbody tr', (rows: any[]) => rows.map((r: any) => Number(r.cells[1]!.getAttribute('data-v'))));
    await page.click('#table-slow-queries th:nth-child(2)');
    const down = await calls();
    expect(down).toEqual([...down].sort((a, b) => b - a));
    await page.click('#table-slow-queries th:nth-child(2)');
    const up = await calls();
    expect(up).toEqual([...down].sort((a, b) => a - b));
    expect(await page.$eval('#table-slow-queries th:nth-child(2)', (e: any) => e.getAttribute('aria-sort'))).toBe('ascending');
  });

  it('shows the window of --since', async () => {
    const snap = join(dir, 'before.json');
    expect((await runPerfctl(['report', '--save', snap, '--db', db.url, '--json'])).code).toBeLessThan(2);
    const file = join(dir, 'since.html');
    const result = await runPerfctl(['report', '--since', snap, '--html', file, '--db', db.url]);
    expect(result.code).toBeLessThan(2);
    expect(statSync(file).size).toBeGreaterThan(0);
    const since = await openFile(file);
    try {
      expect(since.errors).toEqual([]);
      expect(await since.page.$eval('#window', (e: any) => [e.getAttribute('data-mode'), e.textContent])).toEqual(['snapshot', expect.stringContaining('before.json')]);
    } finally {
      await since.close();
    }
  });
});
