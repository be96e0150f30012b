// Start-up cost of the CLI: whole-process time of `perfctl --version` and
// `perfctl --help` against `node -e 0`, interleaved so machine noise hits both.
// Run after `npm run build`:  node bench/startup.mjs [runs]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 30);
const bin = fileURLToPath(new URL('../bin/perfctl', import.meta.url));
const commands = {
  'node -e 0': ['-e', '0'],
  'perfctl --version': [bin, '--version'],
  'perfctl --help': [bin, '--help'],
};
const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < runs + 3; i++) {
  for (const [name, args] of Object.entries(commands)) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}`);
    if (i >= 3) samples[name].push(ms); // the first runs warm the file cache
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples['node -e 0']);
console.log(`runs: ${runs} each (median)`);
for (const [name, xs] of Object.entries(samples)) {
  console.log(`${name.padEnd(20)} ${median(xs).toFixed(1).padStart(7)} ms   ${(median(xs) / base).toFixed(2)}x node -e 0`);
}
const ratio = median(samples['perfctl --version']) / base;
console.log(`--version: ${ratio.toFixed(2)}x node -e 0 (target < 2x): ${ratio < 2 ? 'OK' : 'OVER'}`);
process.exitCode = ratio < 2 ? 0 : 1;
