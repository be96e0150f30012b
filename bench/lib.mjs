// Shared helpers for the benchmarks: an embedded server of their own, timed child processes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbedded } from '../dist/db/embedded.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PERFCTL = join(ROOT, 'bin', 'perfctl');

export async function server(settings = {}) {
  const s = await startEmbedded({ settings });
  const admin = new pg.Client({ connectionString: s.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const url = s.url.replace(/\/postgres\?/, '/bench?');
  return { ...s, url };
}

export async function sql(url, text) {
  const c = new pg.Client({ connectionString: url, statement_timeout: 0 });
  await c.connect();
  try {
    return (await c.query(text)).rows ?? [];
  } finally {
    await c.end();
  }
}

export function writeSpec(yaml) {
  const file = join(mkdtempSync(join(tmpdir(), 'perfctl-bench-')), 'indexes.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** Wall time of one process run, in ms; throws when it fails with an unexpected code. */
export function timed(command, args, { env = {}, okCodes = [0] } = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, { env: { ...process.env, CI: 'true', ...env }, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (!okCodes.includes(result.status)) throw new Error(`${command} ${args.map(hidePassword).join(' ')} exited ${result.status}: ${hidePassword(result.stderr)}`);
  return { ms, stdout: result.stdout, stderr: result.stderr };
}

/** Connection URLs in messages lose their password (the benchmark servers' are throwaway, but still). */
function hidePassword(text) {
  return String(text).replace(/(postgres(?:ql)?:\/\/[^:@/\s]*:)[^@\s]*@/g, '$1***@');
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function repeat(n, fn) {
  return Array.from({ length: n }, fn);
}

export function psqlPath() {
  try {
    return execFileSync('sh', ['-c', 'command -v psql'], { encoding: 'utf8' }).trim();
  } catch {
    const debian = '/usr/lib/postgresql/15/bin/psql';
    if (existsSync(debian)) return debian;
    throw new Error('psql not found on PATH');
  }
}

export const fmt = (ms) => `${ms.toFixed(0)} ms`;

export function ensureBuilt() {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}
