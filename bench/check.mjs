#!/usr/bin/env node
// `perfctl check` (estimates only) on the demo spec with 50 sample queries:
// whole-process wall time, from spawn to exit, median of N runs against one
// embedded PostgreSQL holding the demo world and the spec's indexes.
// Target: under 2 s.
//
//   npm run build && node bench/check.mjs [--runs 7] [--users 20000] [--projects 100000] [--json]
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { worldSql } from '../dist/demo/world.js';
import { PERFCTL, median, server, timed, writeSpec } from './lib.mjs';

const TARGET_MS = 2000;
const QUERIES = 50;
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const runs = option('runs', 7);
const size = { users: option('users', 20_000), projects: option('projects', 100_000) };
const asJson = args.includes('--json');

/** The demo spec's indexes and budgets, with 50 sample queries: its five shapes with different values. */
function specWith50Queries() {
  const demo = readFileSync(new URL('../indexes.yaml', import.meta.url), 'utf8');
  const head = demo.slice(0, demo.indexOf('\nqueries:'));
  const tail = demo.slice(demo.indexOf('\nbudgets:'));
  const shapes = [
    (i) => `  - name: user_by_email_${i}\n    sql: SELECT * FROM users WHERE email = $1 AND is_active\n    params: ["user${i * 37}@example.com"]\n    expect: { uses_index: idx_users_email_active, max_cost: 100 }`,
    (i) => `  - name: newest_users_${i}\n    sql: SELECT id, email, created_at FROM users ORDER BY created_at DESC NULLS LAST LIMIT ${10 + i}\n    expect: { uses_index: idx_users_created_at_desc }`,
    (i) => `  - name: users_named_${i}\n    sql: SELECT id, name FROM users WHERE to_tsvector('simple', name) @@ to_tsquery('simple', $1)\n    params: ["${['ada', 'grace', 'alan', 'ken', 'linus'][i % 5]}"]\n    expect: { uses_index: idx_users_name_search }`,
    (i) => `  - name: recent_projects_${i}\n    sql: SELECT title, created_at FROM projects WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20\n    params: [${i * 101}]\n    expect: { no_seq_scan: true, seq_scan_max_rows: 10 }`,
    (i) => `  - name: paused_projects_${i}\n    sql: SELECT count(*) FROM projects WHERE status = $1\n    params: ["${i % 2 ? 'paused' : 'active'}"]\n    expect: { uses_index: idx_projects_status }`,
  ];
  const queries = Array.from({ length: QUERIES }, (_, i) => shapes[i % shapes.length](i));
  return `${head.replace(/database:\n {2}url: .*\n/, '')}\nqueries:\n${queries.join('\n')}\n${tail}`;
}

const s = await server();
try {
  const client = new pg.Client({ connectionString: s.url, statement_timeout: 0 });
  await client.connect();
  for (const part of worldSql(size)) await client.query(part.sql);
  await client.end();
  const file = writeSpec(specWith50Queries());
  timed('node', [PERFCTL, 'indexes', 'apply', '-f', file, '--db', s.url, '--yes']);

  // One unmeasured run warms the OS file cache, the server's buffers and its catalog caches.
  const first = timed('node', [PERFCTL, 'check', '-f', file, '--db', s.url, '--json']);
  const doc = JSON.parse(first.stdout);
  const planned = doc.results.filter((r) => r.check === 'query-plan' && r.verdict === 'pass').length;
  if (planned !== QUERIES || !doc.passed) throw new Error(`the benchmark spec does not pass: ${JSON.stringify(doc.summary)}`);
  const samples = Array.from({ length: runs }, () => timed('node', [PERFCTL, 'check', '-f', file, '--db', s.url]).ms);
  const startup = Array.from({ length: runs }, () => timed('node', [PERFCTL, '--version']).ms);
  const result = {
    runs,
    size,
    queries: QUERIES,
    results: doc.results.length,
    wall_ms: Math.round(median(samples)),
    min_ms: Math.round(Math.min(...samples)),
    max_ms: Math.round(Math.max(...samples)),
    node_startup_ms: Math.round(median(startup)),
    target_ms: TARGET_MS,
    within_target: median(samples) < TARGET_MS,
  };
  if (asJson) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`perfctl check, ${QUERIES} sample queries (estimates only), ${size.users} users / ${size.projects} projects, ${runs} runs`);
    console.log(`  whole process: median ${result.wall_ms} ms (min ${result.min_ms}, max ${result.max_ms}); ${result.results} results`);
    console.log(`  for scale: perfctl --version takes ${result.node_startup_ms} ms`);
    console.log(`  target < ${TARGET_MS} ms: ${result.within_target ? 'OK' : 'OVER'}`);
  }
  process.exitCode = result.within_target ? 0 : 1;
} finally {
  await s.stop();
}
