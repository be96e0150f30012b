// When it loads, pg asks whether it runs in Cloudflare Workers; where there is
// no global `navigator` it builds a `new Response()` to find out, which makes
// Node 20 load its whole fetch implementation (about 30 ms). Node 21+ defines
// navigator.userAgent ("Node.js/21"); give Node 20 the same answer. Imported
// first by the process entry, so it runs before any module that loads pg.
if ((globalThis as { navigator?: unknown }).navigator === undefined) {
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}` }, configurable: true, writable: true });
}

export {};
