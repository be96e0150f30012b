import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';

/** The installed Chromium (Debian's `chromium` package), or PERFCTL_CHROMIUM. */
export const CHROMIUM = [process.env.PERFCTL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));

/** Why the browser tests skip, when they do. */
export const NO_BROWSER = CHROMIUM ? undefined : 'no chromium found (apt-get install chromium, or set PERFCTL_CHROMIUM): the HTML pages are not opened in a browser';
if (NO_BROWSER) console.warn(`skipping browser tests: ${NO_BROWSER}`);

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions and failed loads, as the page reported them. */
  errors: string[];
  /** Every request other than the file itself (each one aborted). */
  requests: string[];
  /** Messages of alert(), confirm() or prompt() calls (each one dismissed). */
  dialogs: string[];
  close(): Promise<void>;
}

let browser: Promise<Browser> | undefined;

async function launch(): Promise<Browser> {
  const { launch } = await import('puppeteer-core');
  return launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container has no user namespaces for Chromium's sandbox.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--font-render-hinting=none'],
  });
}

/** Open an HTML file offline: every request that is not the file is recorded and aborted. */
export async function openFile(file: string, viewport = { width: 1280, height: 900 }): Promise<OpenedPage> {
  browser ??= launch();
  const page = await (await browser).newPage();
  await page.setViewport(viewport);
  const url = pathToFileURL(resolve(file)).href;
  const errors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => r.url() !== url && errors.push(`request failed: ${r.url()}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (r.url() === url) return void r.continue();
    requests.push(r.url());
    void r.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests, dialogs, close: () => page.close() };
}

export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  await (await b)?.close();
}

/** Saves a full-page screenshot under test-results/ (kept out of git) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = resolve('test-results', `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path: path as `${string}.png`, fullPage: true });
  return path;
}
