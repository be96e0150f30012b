// Benchmark 2: `perfctl indexes apply` of 8 indexes over 4 tables of equal size, against the
// physical bound: max(longest single-table chain, serial total / server cores), from serial
// builds measured in the same run (target: under 1.2x); also against building them serially.
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { ensureBuilt, fmt, PERFCTL, server, sql, timed, writeSpec } from './lib.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 400_000);
const TABLES = ['a', 'b', 'c', 'd'].map((s) => `bench_${s}`);
const INDEXES = TABLES.flatMap((t) => [
  { name: `${t}_k1`, table: t, columns: 'k1', sql: `CREATE INDEX CONCURRENTLY ${t}_k1 ON ${t} (k1)` },
  { name: `${t}_k2_v`, table: t, columns: 'k2, v', sql: `CREATE INDEX CONCURRENTLY ${t}_k2_v ON ${t} (k2, v)` },
]);

ensureBuilt();
const cores = availableParallelism();
// One process per build, so "serial total / cores" is the bound the hardware sets.
const s = await server({ max_parallel_maintenance_workers: '0', maintenance_work_mem: '256MB' });
try {
  for (const t of TABLES) {
    await sql(s.url, `CREATE TABLE ${t} (id int, k1 int, k2 int, v text);
      INSERT INTO ${t} SELECT g, ((g::bigint * 7919) % ${ROWS})::int, ((g::bigint * 104729) % 1000)::int, md5(g::text) FROM generate_series(1, ${ROWS}) g`);
    await sql(s.url, `VACUUM ANALYZE ${t}`);
  }
  const dropAll = () => sql(s.url, INDEXES.map((i) => `DROP INDEX IF EXISTS ${i.name}`).join(';'));
  const spec = writeSpec(['version: 1', 'indexes:', ...INDEXES.map((i) => `  - { name: ${i.name}, table: ${i.table}, columns: [${i.columns}] }`)].join('\n') + '\n');
  const apply = (extra) => {
    const r = timed('node', [PERFCTL, 'indexes', 'apply', '--yes', '--no-analyze', '--json', '-f', spec, '--db', s.url, ...extra]);
    const doc = JSON.parse(r.stdout);
    if (doc.results.length !== 8 || doc.results.some((x) => x.status !== 'done')) throw new Error(`apply failed: ${r.stdout}`);
    return { wall: r.ms, inside: doc.duration_ms };
  };
  // Serial builds, one at a time on one connection, measured in the same rounds as perfctl.
  const serialRound = async () => {
    const client = new pg.Client({ connectionString: s.url, statement_timeout: 0 });
    await client.connect();
    const times = {};
    for (const index of INDEXES) {
      const t0 = performance.now();
      await client.query(index.sql);
      times[index.name] = performance.now() - t0;
    }
    await client.end();
    return times;
  };

  // The same builds without perfctl: one connection per core, each taking the next table's chain,
  // as perfctl schedules them. What the hardware gives two builds at once, perfctl's cost aside.
  const rawParallelRound = async () => {
    const queue = [...TABLES];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(cores, TABLES.length) }, async () => {
        const client = new pg.Client({ connectionString: s.url, statement_timeout: 0 });
        await client.connect();
        for (let t = queue.shift(); t; t = queue.shift()) for (const index of INDEXES.filter((i) => i.table === t)) await client.query(index.sql);
        await client.end();
      }),
    );
    return performance.now() - t0;
  };

  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const measured = [];
  for (let r = 0; r < rounds; r++) {
    const serial = await serialRound();
    await dropAll();
    const parallel = apply([]);
    await dropAll();
    const rawParallel = await rawParallelRound();
    await dropAll();
    const oneByOne = apply(['--concurrency', '1']);
    await dropAll();
    const serialTotal = Object.values(serial).reduce((a, b) => a + b, 0);
    const chains = TABLES.map((t) => INDEXES.filter((i) => i.table === t).reduce((sum, i) => sum + serial[i.name], 0));
    const bound = Math.max(Math.max(...chains), serialTotal / cores);
    measured.push({ serialTotal, longest: Math.max(...chains), bound, parallel, oneByOne, rawParallel });
  }
  const mid = [...measured].sort((a, b) => a.parallel.inside / a.bound - b.parallel.inside / b.bound)[Math.floor(rounds / 2)];
  const { serialTotal, longest, bound, parallel, oneByOne, rawParallel } = mid;
  console.log(`8 indexes over 4 tables of ${ROWS.toLocaleString('en-US')} rows; server cores ${cores}; max_parallel_maintenance_workers=0; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`median of ${rounds} rounds (by ratio); each round: raw serial builds, perfctl apply, raw parallel builds, perfctl apply --concurrency 1`);
  console.log(`serial builds (raw CREATE INDEX CONCURRENTLY, one connection): total ${fmt(serialTotal)}; longest table chain ${fmt(longest)}`);
  console.log(`physical bound max(${fmt(longest)}, ${fmt(serialTotal)} / ${cores}) = ${fmt(bound)}`);
  console.log(`perfctl indexes apply (default concurrency ${Math.min(10, cores)}): builds ${fmt(parallel.inside)}, whole process ${fmt(parallel.wall)}`);
  console.log(`  ratio to the bound: ${(parallel.inside / bound).toFixed(2)}x builds, ${(parallel.wall / bound).toFixed(2)}x whole process (target < 1.2x: ${parallel.inside / bound < 1.2 ? 'met' : 'NOT met'})`);
  console.log(`  raw parallel builds (${Math.min(cores, TABLES.length)} connections, no perfctl): ${fmt(rawParallel)}, ${(rawParallel / bound).toFixed(2)}x the bound; perfctl / raw parallel: ${(parallel.inside / rawParallel).toFixed(2)}x`);
  console.log(`  ratio to building serially: ${(parallel.inside / serialTotal).toFixed(2)}x raw serial; ${(parallel.inside / oneByOne.inside).toFixed(2)}x perfctl --concurrency 1 (${fmt(oneByOne.inside)})`);
  console.log(`all rounds (apply/bound): ${measured.map((m) => (m.parallel.inside / m.bound).toFixed(2)).join(', ')}; raw parallel/bound: ${measured.map((m) => (m.rawParallel / m.bound).toFixed(2)).join(', ')}`);
} finally {
  await s.stop();
}
