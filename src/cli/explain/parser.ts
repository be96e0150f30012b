/** Start loading the parser now, so it compiles while something else waits (the connection). */
export function warmParser(): void {
  import('libpg-query')
    .then((m) => m.loadModule())
    .catch(() => undefined);
}
