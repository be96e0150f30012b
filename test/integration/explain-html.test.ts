import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, NO_BROWSER, openFile, screenshot } from '../helpers/browser.js';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// A table name and a column alias that would run script if they reached the page unescaped.
const TABLE = '<img src=x onerror=window.__xss=1>';
const ALIAS = '</script><script>window.__xss=2</script>';
const STATEMENT = `SELECT o.id, c.region AS "${ALIAS}" FROM orders o JOIN "${TABLE}" c ON c.id = o.customer_id WHERE o.amount % 7 = 3 ORDER BY o.amount DESC`;

let db: TestDatabase;
let dir: string;
const explain = (args: string[]) => runPerfctl(['explain', '--db', db.url, ...args]);

interface Node { id: number; time_ms: { self: number } | null; children: Node[] }
const preorder = (n: Node): Node[] => [n, ...n.children.flatMap(preorder)];

beforeAll(async () => {
  db = await createTestDatabase('explain_html');
  dir = mkdtempSync(join(tmpdir(), 'perfctl-explain-html-'));
  await db.sql(`CREATE TABLE "${TABLE}" (id int PRIMARY KEY, region int);
    INSERT INTO "${TABLE}" SELECT g, g % 50 FROM generate_series(1, 20000) g;
    CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount int);
    INSERT INTO orders SELECT g, 1 + g % 20000, g FROM generate_series(1, 50000) g;
    ANALYZE`);
});

afterAll(async () => {
  await closeBrowser();
  await db?.drop();
});

describe('perfctl explain --html', () => {
  it('writes a page from the same run as --json, escaping the statement and names', async () => {
    const file = join(dir, 'plan.html');
    const result = await explain(['--json', '--html', file, STATEMENT]);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain(ALIAS);
    expect(html).not.toContain(TABLE);
    expect(html).toContain('content="default-src &#39;none&#39;;');
  });
});

describe.skipIf(NO_BROWSER)('perfctl explain --html in Chromium', () => {
  it('shows every node with its self time, the findings on their nodes, and the statement; nothing else runs or loads', async () => {
    const file = join(dir, 'join.html');
    const result = await explain(['--json', '--html', file, STATEMENT]);
    const doc = JSON.parse(result.stdout);
    expect(doc.findings.some((f: any) => f.node_id !== null)).toBe(true);
    const opened = await openFile(file);
    try {
      const { page } = opened;
      expect([opened.errors, opened.requests, opened.dialogs]).toEqual([[], [], []]);
      expect(await page.evaluate('window.__xss')).toBeUndefined();
      expect(await page.evaluate('[document.scripts.length, document.images.length]')).toEqual([1, 0]);
      expect(await page.$eval('pre.statement', (e: any) => e.textContent)).toBe(doc.sql);
      const rows = await page.$$eval('table.plan tbody tr', (r: any[]) => r.map((e: any) => [Number(e.getAttribute('data-node')), Number(e.getAttribute('data-self'))]));
      expect(rows).toEqual(preorder(doc.plan).map((n) => [n.id, n.time_ms!.self]));
      expect(rows).toHaveLength(doc.summary.nodes);
      for (const f of doc.findings.filter((x: any) => x.node_id !== null)) {
        const badges = await page.$$eval(`#node-${f.node_id} .badge`, (b: any[]) => b.map((e: any) => e.textContent));
        expect(badges, f.rule).toContain(f.rule);
        expect(await page.$eval(`#node-${f.node_id} details`, (d: any) => d.open)).toBe(true);
      }
      expect(await page.$$eval('ul.findings li.finding', (l: any[]) => l.map((e: any) => e.getAttribute('data-rule')))).toEqual(doc.findings.map((f: any) => f.rule));
      console.log(`screenshot: ${await screenshot(page, 'explain')}`);
    } finally {
      await opened.close();
    }
  });

  it('reads a 250-node plan: one row per node, nothing wider than the window', async () => {
    const parts = Array.from({ length: 125 }, (_, i) => `SELECT count(*) FROM orders WHERE id = ${i + 1}`);
    const file = join(dir, 'large.html');
    const result = await explain(['--json', '--html', file, parts.join(' UNION ALL ')]);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.summary.nodes).toBeGreaterThanOrEqual(250);
    const opened = await openFile(file);
    try {
      expect(opened.errors).toEqual([]);
      expect(await opened.page.$$eval('table.plan tbody tr', (r: any[]) => r.length)).toBe(doc.summary.nodes);
      expect(Number(await opened.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(1280);
      console.log(`screenshot: ${await screenshot(opened.page, 'explain-250-nodes')}`);
    } finally {
      await opened.close();
    }
  });

  it('puts every spec query on one page with --all', async () => {
    const spec = join(dir, 'indexes.yaml');
    writeFileSync(spec, `version: 1\nqueries:\n  - name: order_by_id\n    sql: SELECT * FROM orders WHERE id = $1\n    params: [5]\n  - name: "<b>big orders</b>"\n    sql: SELECT count(*) FROM orders WHERE amount > $1\n    params: [100]\n`);
    const file = join(dir, 'all.html');
    const result = await runPerfctl(['explain', '--all', '--db', db.url, '-f', spec, '--html', file]);
    expect(result.code, result.stderr).toBe(0);
    const opened = await openFile(file);
    try {
      expect(opened.errors).toEqual([]);
      expect(await opened.page.$$eval('section.plan-view', (s: any[]) => s.map((e: any) => e.getAttribute('data-label')))).toEqual(['order_by_id', '<b>big orders</b>']);
      expect(await opened.page.$$eval('table.plan', (t: any[]) => t.map((e: any) => e.id))).toEqual(['q0-plan', 'q1-plan']);
    } finally {
      await opened.close();
    }
  });

  it('draws a plan file offline (--plan), as saved by --save', async () => {
    const saved = join(dir, 'saved.json');
    expect((await explain(['--save', saved, STATEMENT])).code).toBe(0);
    const file = join(dir, 'offline.html');
    const result = await runPerfctl(['explain', '--plan', saved, '--json', '--html', file]);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    const opened = await openFile(file);
    try {
      expect(opened.errors).toEqual([]);
      expect(await opened.page.$$eval('table.plan tbody tr', (r: any[]) => r.length)).toBe(doc.summary.nodes);
      expect(await opened.page.$eval('.plan-view .meta', (e: any) => e.textContent)).toContain('from a plan file');
    } finally {
      await opened.close();
    }
  });
});
