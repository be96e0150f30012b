// Whole-process time of the full demo (200k users, 1M projects) on the embedded
// PostgreSQL, as a user runs it. Target: under a minute on 2 cores.
// Run after `npm run build`:  node bench/demo.mjs
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/perfctl', import.meta.url));
const t0 = process.hrtime.bigint();
const r = spawnSync(process.execPath, [bin, 'demo', '--json', '--quiet'], { encoding: 'utf8' });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const doc = JSON.parse(r.stdout);
console.log(`demo: ${seconds.toFixed(1)} s whole process (${doc.size.users} users, ${doc.size.projects} projects)`);
for (const q of doc.queries) console.log(`  ${q.name.padEnd(18)} ${q.before_ms.toFixed(2).padStart(9)} ms -> ${q.after_ms.toFixed(2).padStart(8)} ms`);
