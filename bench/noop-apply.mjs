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
  timed('node', args);
  const noop = timed('node', args);
  if (!noop.stdout.includes('No changes')) throw new Error(`expected a no-op, got: ${noop.stdout}`);
  const baseline = median(repeat(7, () => timed('node', ['-e', '0']).ms));
  const version = median(repeat(7, () => timed('node', [PERFCTL, '--version']).ms));
  const runs = repeat(9, () => timed('node', args).ms);
  const m = median(runs);
  console.log('no-op apply on the demo spec (whole process, median of 9)');
  console.log(`  perfctl indexes apply --yes   ${fmt(m)}  (min ${fmt(Math.min(...runs))}, max ${fmt(Math.max(...runs))}); target < 500 ms: ${m < 500 ? 'met' : 'NOT met'}`);
  console.log(`  for scale: node -e 0          ${fmt(baseline)}`);
  console.log(`             perfctl --version  ${fmt(version)}`);
} finally {
  await s.stop();
}
