// Benchmark 3: a no-op `perfctl indexes apply` on the demo spec, whole process (target: under 0.5 s).
import { ensureBuilt, fmt, median, PERFCTL, ROOT, repeat, server, sql, timed } from './lib.mjs';
import { join } from 'node:path';

ensureBuilt();
const { worldSql } = await import('../dist/demo/world.js');
const s = await server();
try {
  for (const part of worldSql({ users: 2000, projects: 10000 })) await sql(s.url, part.sql);
  const spec = join(ROOT, 'indexes.yaml');
  const args = [PERFCTL, 'indexes', 'apply', '--yes', '-f', spec, '--db', s.url];
  // A cache of its own: the first run fills it, as a DBA's first plan does.
  const env = { PERFCTL_CACHE_DIR: `${s.dataDir}-cache` };
  timed('node', args, { env });
  const noop = timed('node', args, { env });
  if (!noop.stdout.includes('No changes')) throw new Error(`expected a no-op, got: ${noop.stdout}`);
  const baseline = median(repeat(7, () => timed('node', ['-e', '0']).ms));
  const version = median(repeat(7, () => timed('node', [PERFCTL, '--version']).ms));
  const runs = repeat(9, () => timed('node', args, { env }).ms);
  const cold = median(repeat(5, () => timed('node', args, { env: { PERFCTL_CACHE_DIR: 'off' } }).ms));
  const m = median(runs);
  console.log('no-op apply on the demo spec (whole process, median of 9)');
  console.log(`  perfctl indexes apply --yes   ${fmt(m)}  (min ${fmt(Math.min(...runs))}, max ${fmt(Math.max(...runs))}); target < 500 ms: ${m < 500 ? 'met' : 'NOT met'}`);
  console.log(`  without the parse cache        ${fmt(cold)} (median of 5; the spec's expression and predicate go through the PostgreSQL parser)`);
  console.log(`  for scale: node -e 0          ${fmt(baseline)}`);
  console.log(`             perfctl --version  ${fmt(version)}`);
} finally {
  await s.stop();
}
