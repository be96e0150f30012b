#!/usr/bin/env node
// What perfctl adds around the server's own work, compared with psql.
//
// For each run: whole-process wall time minus the planning + execution time
// the server reports, for `perfctl explain` and for
// `psql -c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ..."` on the same query,
// against one embedded PostgreSQL with the demo world. Runs alternate so all
// see the same machine load; medians are reported. Target: perfctl's own cost,
// its overhead minus Node's start (`node -e 0`) and minus psql's overhead, is
// under 100 ms: what the runtime costs is not perfctl's to save.
//
// Every run loads and compiles the PostgreSQL parser (WebAssembly): nothing
// read from disk may decide whether a statement is safe to send, so there is
// no parse cache. `node -e 0` is timed too, for scale, and
// without NODE_EXTRA_CA_CERTS where that is set: Node 20 parses the whole
// bundle it names at start-up (about 40 ms on the development machines).
//
//   npm run build && node bench/explain.mjs [--runs 15] [--users 20000] [--projects 100000] [--json]
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbedded } from '../dist/db/embedded.js';
import { worldSql } from '../dist/demo/world.js';

const TARGET_MS = 100;
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const runs = option('runs', 15);
const size = { users: option('users', 20_000), projects: option('projects', 100_000) };
const asJson = args.includes('--json');
const bin = fileURLToPath(new URL('../bin/perfctl', import.meta.url));
const SQL = `SELECT * FROM users WHERE email = 'user4242@example.com' AND is_active`;

if (spawnSync('psql', ['--version']).status !== 0) {
  console.error('psql is not on PATH; install the PostgreSQL client to compare.');
  process.exit(2);
}

const server = await startEmbedded();
try {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  for (const part of worldSql(size)) await client.query(part.sql);
  await client.end();

  const perfctl = () =>
    timed('node', [bin, 'explain', '--db', server.url, '--json', SQL], (out) => {
      const doc = JSON.parse(out);
      return doc.summary.planning_ms + doc.summary.execution_ms;
    });
  const runners = { perfctl };
  const psql = () => timed('psql', ['-XAtq', server.url, '-c', `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${SQL}`], (out) => {
    const [plan] = JSON.parse(out);
    return plan['Planning Time'] + plan['Execution Time'];
  });

  // Warm the OS file cache and the server's buffers for all.
  for (const run of Object.values(runners)) await run();
  await psql();
  // For scale: Node's own start, and what NODE_EXTRA_CA_CERTS adds to it where it is set (Node 20 reads
  // and parses that bundle at start-up, before any of perfctl runs).
  const nodeStart = (env) => () => timed('node', ['-e', '0'], () => 0, env);
  const starts = { 'node -e 0': nodeStart({}), ...(process.env.NODE_EXTRA_CA_CERTS ? { 'without NODE_EXTRA_CA_CERTS': nodeStart({ NODE_EXTRA_CA_CERTS: '' }) } : {}) };
  const samples = { perfctl: [], psql: [], ...Object.fromEntries(Object.keys(starts).map((k) => [k, []])) };
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(runners)) samples[name].push(await run());
    samples.psql.push(await psql());
    for (const [name, run] of Object.entries(starts)) samples[name].push(await run());
  }
  const summary = Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [
      name,
      { wall_ms: median(list.map((s) => s.wallMs)), server_ms: median(list.map((s) => s.serverMs)), overhead_ms: median(list.map((s) => s.wallMs - s.serverMs)) },
    ]),
  );
  const added = summary.perfctl.overhead_ms - summary.psql.overhead_ms;
  const own = added - summary['node -e 0'].wall_ms;
  const result = { runs, size, query: SQL, ...summary, perfctl_added_ms: round(added), perfctl_own_ms: round(own), target_ms: TARGET_MS, within_target: own < TARGET_MS };
  if (asJson) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`perfctl explain vs psql, ${runs} runs each (medians), ${size.users} users / ${size.projects} projects`);
    console.log(`  ${'tool'.padEnd(15)} ${'wall'.padStart(9)} ${'server'.padStart(9)} ${'overhead'.padStart(9)}`);
    for (const [name, s] of Object.entries(summary)) {
      if (name in starts) console.log(`  for scale: ${name.padEnd(28)} ${fmt(s.wall_ms)}`);
      else console.log(`  ${name.padEnd(15)} ${fmt(s.wall_ms)} ${fmt(s.server_ms)} ${fmt(s.overhead_ms)}`);
    }
    console.log(`perfctl adds ${round(added)} ms beyond psql`);
    console.log(`perfctl's own cost (beyond psql and node -e 0): ${round(own)} ms (target < ${TARGET_MS} ms): ${own < TARGET_MS ? 'OK' : 'OVER'}`);
  }
  process.exitCode = own < TARGET_MS ? 0 : 1;
} finally {
  await server.stop();
}

function timed(command, argv, serverTime, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${command} exited ${code}: ${err.trim()}`));
      resolve({ wallMs, serverMs: serverTime(out) });
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
}

function round(n) {
  return Math.round(n * 10) / 10;
}

function fmt(ms) {
  return `${ms.toFixed(1)} ms`.padStart(9);
}
