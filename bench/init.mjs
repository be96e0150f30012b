// `perfctl init --from-db` on 500 tables and 2,000 indexes (plain, expression,
// partial with an IN list, multi-column DESC), whole process, against one raw
// catalog query listing every index definition through psql; then `indexes
// plan` on the written spec, which must have nothing to do (the round trip).
//
//   npm run build && node bench/init.mjs [--tables 500] [--runs 5]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ensureBuilt, fmt, median, PERFCTL, psqlPath, repeat, server, sql, timed } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const TABLES = option('tables', 500);
const runs = option('runs', 5);
ensureBuilt();
const psql = psqlPath();
const s = await server();
try {
  for (let from = 1; from <= TABLES; from += 250) {
    await sql(s.url, `DO $$ BEGIN FOR i IN ${from}..${Math.min(TABLES, from + 249)} LOOP
      EXECUTE format('CREATE TABLE "T %s" (id int PRIMARY KEY, a int, b text, s varchar(10), c timestamptz)', i);
      EXECUTE format('CREATE INDEX "T %s a" ON "T %s" (a)', i, i);
      EXECUTE format('CREATE INDEX t%s_lower_b ON "T %s" (lower(b) text_pattern_ops)', i, i);
      EXECUTE format('CREATE INDEX t%s_open ON "T %s" (c DESC) WHERE s IN (''new'', ''open'')', i, i);
      EXECUTE format('CREATE INDEX t%s_ab ON "T %s" (a, b DESC NULLS LAST) INCLUDE (c)', i, i);
    END LOOP; END $$`);
  }
  const [{ n }] = await sql(s.url, `SELECT count(*)::int AS n FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid WHERE c.relnamespace = 'public'::regnamespace`);
  const file = (i) => join(mkdtempSync(join(tmpdir(), 'perfctl-bench-')), `indexes-${i}.yaml`);
  const init = (target) => ['node', [PERFCTL, 'init', '--from-db', '--db', s.url, '-f', target, '--json']];
  const first = file('first');
  const doc = JSON.parse(timed(...init(first)).stdout);
  if (doc.indexes.length !== TABLES * 4) throw new Error(`init wrote ${doc.indexes.length} indexes, expected ${TABLES * 4}`);
  const rawQuery = `SELECT n.nspname, t.relname, i.relname, pg_get_indexdef(x.indexrelid), x.indisvalid
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'`;
  const raw = [psql, ['-X', '-q', '-A', '-t', '-o', '/dev/null', '-c', rawQuery, s.url]];
  timed(...raw);
  const initMs = [];
  const rawMs = [];
  for (let r = 0; r < runs; r++) {
    initMs.push(timed(...init(file(r))).ms);
    rawMs.push(timed(...raw).ms);
  }
  const plan = timed('node', [PERFCTL, 'indexes', 'plan', '-f', first, '--db', s.url, '--json']);
  const actions = JSON.parse(plan.stdout).actions.length;
  const nodeMs = median(repeat(runs, () => timed('node', ['-e', '0']).ms));
  const i = median(initMs);
  const q = median(rawMs);
  console.log(`catalog: ${TABLES} tables, ${n} indexes; spec written: ${readFileSync(first).length} bytes`);
  console.log(`perfctl init --from-db (whole process)            ${fmt(i)} (median of ${runs})`);
  console.log(`psql, one query listing all ${n} index definitions ${fmt(q)} (median of ${runs})`);
  console.log(`ratio init / psql: ${(i / q).toFixed(2)}x`);
  console.log(`indexes plan on the written spec: ${actions} actions in ${fmt(plan.ms)} (round trip: ${actions === 0 ? 'empty' : 'NOT empty'})`);
  console.log(`node -e 0 for scale: ${fmt(nodeMs)}`);
} finally {
  await s.stop();
}
