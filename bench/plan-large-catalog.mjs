// Benchmark 1: `perfctl indexes plan` against 5,000 tables and 20,000 indexes, whole process,
// against one raw catalog query listing every index definition through psql (target: under 2x).
import { ensureBuilt, fmt, median, PERFCTL, psqlPath, repeat, server, sql, timed, writeSpec } from './lib.mjs';

const TABLES = 5000;
ensureBuilt();
const psql = psqlPath();
const s = await server();
try {
  const started = performance.now();
  for (let from = 1; from <= TABLES; from += 250) {
    await sql(s.url, `DO $$ BEGIN FOR i IN ${from}..${Math.min(TABLES, from + 249)} LOOP
      EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, a int, b text, c timestamptz)', i);
      EXECUTE format('CREATE INDEX t%s_a ON t%s (a)', i, i);
      EXECUTE format('CREATE INDEX t%s_lower_b ON t%s (lower(b))', i, i);
      EXECUTE format('CREATE INDEX t%s_c ON t%s (c DESC) WHERE a > 0', i, i);
    END LOOP; END $$`);
  }
  const [{ n }] = await sql(s.url, `SELECT count(*)::int AS n FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid WHERE c.relnamespace = 'public'::regnamespace`);
  console.log(`catalog: ${TABLES} tables, ${n} indexes (built in ${fmt(performance.now() - started)})`);

  // A spec over 10 of those tables: some indexes already there (one under another name), some new.
  const lines = ['version: 1', 'indexes:'];
  for (let i = 1; i <= 10; i++) {
    lines.push(`  - { name: t${i}_a, table: t${i}, columns: [a] }`);
    lines.push(`  - { name: idx_t${i}_lower_b, table: t${i}, columns: [{ expression: "lower(b)" }] }`);
    lines.push(`  - { table: t${i}, columns: [a, b] }`);
  }
  const spec = writeSpec(lines.join('\n') + '\n');
  const plan = ['node', [PERFCTL, 'indexes', 'plan', '-f', spec, '--db', s.url]];
  const check = timed(...plan);
  if (!/10 to create, 10 to rename; 10 unchanged/.test(check.stdout)) throw new Error(`unexpected plan: ${check.stdout.slice(0, 300)}`);
  const rawQuery = `SELECT n.nspname, t.relname, i.relname, pg_get_indexdef(x.indexrelid), x.indisvalid
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'`;
  const raw = [psql, ['-X', '-q', '-A', '-t', '-o', '/dev/null', '-c', rawQuery, s.url]];
  timed(...raw);
  const rounds = 7;
  const planMs = [];
  const rawMs = [];
  for (let r = 0; r < rounds; r++) {
    planMs.push(timed(...plan).ms);
    rawMs.push(timed(...raw).ms);
  }
  const nodeMs = median(repeat(rounds, () => timed('node', ['-e', '0']).ms));
  const p = median(planMs);
  const q = median(rawMs);
  console.log(`perfctl indexes plan (30 spec indexes, whole process)  ${fmt(p)} (median of ${rounds})`);
  console.log(`psql, one query listing all ${n} index definitions     ${fmt(q)} (median of ${rounds})`);
  console.log(`ratio plan / psql: ${(p / q).toFixed(2)}x (target < 2x: ${p / q < 2 ? 'met' : 'NOT met'})`);
  console.log(`node -e 0 for scale: ${fmt(nodeMs)}`);
} finally {
  await s.stop();
}
