/**
 * PostgreSQL's own parser (libpg-query, WebAssembly), loaded once per process.
 *
 * perfctl parses a handful of short statements per run, so it never needs
 * optimised WebAssembly: by default V8 recompiles the 1.7 MB module with
 * TurboFan in the background and the process then waits for that before it
 * can exit (0.3–0.9 s measured on 2 cores). The baseline compiler alone
 * starts at once. The flag is set here, just before the module compiles, so
 * that commands that never parse do not pay for loading node:v8.
 */
type Parser = typeof import('libpg-query');

let loading: Promise<Parser> | undefined;

export function pgParser(): Promise<Parser> {
  loading ??= (async () => {
    const { setFlagsFromString } = await import('node:v8');
    setFlagsFromString('--liftoff-only');
    const parser = await import('libpg-query');
    await parser.loadModule();
    return parser;
  })();
  return loading;
}

/** Start loading the parser now, so it compiles while something else waits (the connection). */
export function warmParser(): void {
  pgParser().catch(() => undefined);
}
