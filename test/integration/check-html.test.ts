import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, NO_BROWSER, openFile, screenshot } from '../helpers/browser.js';
import { runPerfctl } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
let dir: string;
let spec: string;

interface Node { label: string; children: Node[] }
const labels = (n: Node): string[] => [n.label, ...n.children.flatMap(labels)];

beforeAll(async () => {
  db = await createTestDatabase('check_html');
  dir = mkdtempSync(join(tmpdir(), 'perfctl-check-html-'));
  await db.sql(`CREATE TABLE accounts (id int PRIMARY KEY, email text, plan text);
    INSERT INTO accounts SELECT g, 'a' || g || '@example.com', 'p' || (g % 3) FROM generate_series(1, 20000) g;
    ANALYZE accounts`);
  spec = join(dir, 'indexes.yaml');
  writeFileSync(
    spec,
    `version: 1
queries:
  - name: account_by_id
    sql: SELECT * FROM accounts WHERE id = $1
    params: [7]
    expect: { no_seq_scan: true }
  - name: "account_by_email <script>window.__xss=1</script>"
    sql: SELECT id FROM accounts WHERE email = $1
    params: ["a7@example.com"]
    expect: { no_seq_scan: true }
`,
  );
});

afterAll(async () => {
  await closeBrowser();
  await db?.drop();
});

describe.skipIf(NO_BROWSER)('perfctl check --html in Chromium', () => {
  it("attaches the plan view of each failing query, and only theirs", async () => {
    const file = join(dir, 'check.html');
    const result = await runPerfctl(['check', '--db', db.url, '-f', spec, '--json', '--html', file]);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    const failing = 'account_by_email <script>window.__xss=1</script>';
    expect(doc.results.filter((r: any) => r.verdict === 'fail' && r.subject.kind === 'query').map((r: any) => r.subject.name)).toEqual([failing]);
    const explained = await runPerfctl(['explain', '--db', db.url, '-f', spec, '--query', failing, '--no-analyze', '--json']);
    const plan = JSON.parse(explained.stdout).plan;
    const opened = await openFile(file);
    try {
      const { page } = opened;
      expect([opened.errors, opened.requests, opened.dialogs]).toEqual([[], [], []]);
      expect(await page.evaluate('window.__xss')).toBeUndefined();
      expect(await page.$$eval('section.failing-query', (s: any[]) => s.map((e: any) => e.getAttribute('data-query')))).toEqual([failing]);
      expect(await page.$$eval('section.failing-query li.result', (l: any[]) => l.map((e: any) => e.getAttribute('data-check')))).toEqual(['expect-no-seq-scan']);
      expect(await page.$$eval('#q0-plan tbody tr .op', (o: any[]) => o.map((e: any) => e.textContent))).toEqual(labels(plan));
      expect(await page.$eval('#q0-view pre.statement', (e: any) => e.textContent)).toBe('SELECT id FROM accounts WHERE email = $1');
      expect(await page.$eval('[data-summary="fail"] .figure', (e: any) => Number(e.textContent))).toBe(doc.summary.fail);
      console.log(`screenshot: ${await screenshot(page, 'check')}`);
    } finally {
      await opened.close();
    }
  });
});
