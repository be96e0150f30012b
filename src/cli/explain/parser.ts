import { setFlagsFromString } from 'node:v8';

/**
 * perfctl parses a handful of short statements per run with PostgreSQL's
 * parser (libpg-query, WebAssembly), so the module never needs optimised
 * code. By default V8 recompiles the 1.7 MB module with TurboFan on
 * background threads, and the process then waits for that work before it can
 * exit (0.3–0.9 s measured on a 2-core machine). Liftoff, V8's baseline
 * compiler, alone starts at once. Must run before the module is first imported.
 */
export function preferBaselineWasm(): void {
  setFlagsFromString('--liftoff-only');
}

/** Start loading the parser now, so it compiles while something else waits (the connection). */
export function warmParser(): void {
  import('libpg-query')
    .then((m) => m.loadModule())
    .catch(() => undefined);
}
