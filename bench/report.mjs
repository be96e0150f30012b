#!/usr/bin/env node
// Benchmark: `perfctl report --json` against a database with 5,000 statements
// in pg_stat_statements and 20,000 indexes, as a whole process, and against
// the same catalog queries sent once through psql. Run `npm run build` first.
//   node bench/report.mjs [--runs 5] [--tables 200] [--indexes-per-table 100] [--statements 5000]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 5);
const TABLES = arg('tables', 200);
const PER_TABLE = arg('indexes-per-table', 100);
const STATEMENTS = arg('statements', 5000);

const { startEmbedded } = await import(join(root, 'dist/db/embedded.js')).catch(() => {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
});
const { Database } = await import(join(root, 'dist/db/pool.js'));
const { resolveTarget } = await import(join(root, 'dist/db/target.js'));
const { resolvePoolSettings } = await import(join(root, 'dist/db/settings.js'));
const { readReportData } = await import(join(root, 'dist/db/catalog/report/read.js'));

const psql = which('psql');
const log = (line) => process.stderr.write(`${line}\n`);
const server = await startEmbedded({ settings: { 'pg_stat_statements.max': String(STATEMENTS * 2), max_locks_per_transaction: '256' } });
const url = server.url;
const work = mkdtempSync(join(tmpdir(), 'perfctl-bench-report-'));
try {
  const setupStart = performance.now();
  await seed();
  log(`seeded ${TABLES * PER_TABLE} indexes and ${STATEMENTS} statements in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

  const spec = join(work, 'indexes.yaml');
  writeFileSync(spec, 'version: 1\n');
  const perfctl = [join(root, 'bin/perfctl'), 'report', '--json', '--db', url, '-f', spec];
  const check = spawnSync(process.execPath, perfctl, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const doc = JSON.parse(check.stdout);
  const indexes = doc.sections.find((s) => s.id === 'indexes').notes[0];
  const statements = doc.sections.find((s) => s.id === 'slow-queries').notes[0];
  log(`perfctl sees: ${indexes}; ${statements.split(':')[1]?.split(',')[0]?.trim()}; ${doc.summary.findings} findings; ${(check.stdout.length / 1e6).toFixed(1)} MB of JSON`);

  const script = join(work, 'report.sql');
  writeFileSync(script, await recordCatalogQueries());
  const psqlArgs = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', script, '-o', '/dev/null'];

  const perfctlMs = median(times(() => mustRun(process.execPath, perfctl)));
  const psqlMs = median(times(() => mustRun(psql, psqlArgs)));
  const result = { indexes: TABLES * PER_TABLE, statements: STATEMENTS, runs: RUNS, perfctl_ms: Math.round(perfctlMs), psql_ms: Math.round(psqlMs), ratio: Number((perfctlMs / psqlMs).toFixed(2)) };
  console.log(JSON.stringify(result));
  log(`perfctl report --json: ${result.perfctl_ms} ms (target < 2000)  psql, same queries: ${result.psql_ms} ms  ratio ${result.ratio}x (target < 2x)`);
} finally {
  await server.stop();
}

async function seed() {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('CREATE EXTENSION pg_stat_statements');
    // One transaction per table keeps the lock table small; COMMIT inside DO needs PG 11+.
    await c.query(`DO $$
      DECLARE cols text[] := ARRAY['a', 'b', 'c', 'd', 'e'];
      BEGIN
        FOR t IN 1..${TABLES} LOOP
          EXECUTE format('CREATE TABLE bt%s (id int PRIMARY KEY, a int, b int, c int, d int, e text)', t);
          FOR i IN 1..${PER_TABLE - 1} LOOP
            EXECUTE format('CREATE INDEX bt%s_i%s ON bt%s (%I, %I)%s', t, i, t, cols[1 + i % 5], cols[1 + (i / 5) % 5],
                           CASE WHEN i >= 25 THEN format(' WHERE a > %s', i) ELSE '' END);
          END LOOP;
          COMMIT;
        END LOOP;
      END $$`);
    const columns = ['a', 'b', 'c', 'd', 'e', 'id'];
    for (let n = 0; n < STATEMENTS; n++) {
      const t = 1 + (n % TABLES);
      const form = Math.floor(n / TABLES);
      const select = columns.filter((_, k) => (form >> k) & 1).join(', ') || 'count(*)';
      await c.query(`SELECT ${select} FROM bt${t} WHERE id = $1`, [n]);
    }
    await c.query('SELECT pg_catalog.pg_stat_force_next_flush()');
  } finally {
    await c.end();
  }
}

/** Every statement perfctl's reader sends, parameters inlined, as a psql script. */
async function recordCatalogQueries() {
  const db = new Database(resolveTarget({ flag: url, env: {} }), resolvePoolSettings(undefined, {}), 'perfctl/bench');
  const sent = [];
  const original = db.withClient.bind(db);
  db.withClient = (fn) =>
    original((client) =>
      fn(new Proxy(client, {
        get(target, key) {
          if (key !== 'query') return Reflect.get(target, key);
          return (sql, params) => {
            sent.push(inline(sql, params ?? []));
            return target.query(sql, params);
          };
        },
      })),
    );
  await readReportData(db, { parts: new Set(['statements', 'indexes', 'foreignKeys', 'tables', 'activity']) });
  await db.close();
  return sent.map((s) => `${s};\n`).join('');
}

function inline(sql, params) {
  return sql.replace(/\$(\d+)/g, (_, n) => {
    const v = params[Number(n) - 1];
    return v === null ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`;
  });
}

function mustRun(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !(cmd === process.execPath && r.status === 1)) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function times(fn) {
  fn();
  return Array.from({ length: RUNS }, fn);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function which(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    console.error(`${name} is not on PATH (Debian: apt-get install postgresql-client).`);
    process.exit(2);
  }
}
