import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { VERSION } from '../cli/version.js';

/**
 * What the PostgreSQL parser (libpg-query, WebAssembly) already accepted, so
 * that text seen before is handled without loading the parser: loading and
 * compiling it is most of a no-op apply's time and of a short explain's.
 * Two stores: `fragments` (spec expressions and predicates, with the SQL
 * rebuilt from their parse trees) and `statements` (what explain and check
 * learnt about a statement: its kind, where it starts and ends, its $n
 * count; never the statement's text or values).
 *
 * Keyed by a hash of the perfctl, parser and deparser versions, the kind and
 * the exact text (a release that changes the rules starts afresh); only
 * accepted input is stored, so every problem is still reported by the parser
 * itself. Lives in the user's cache directory (files 0600), never next to the
 * spec. PERFCTL_CACHE_DIR moves it; PERFCTL_CACHE_DIR=off disables it.
 */
export type ParseStore = 'fragments' | 'statements';

const MAX_ENTRIES: Record<ParseStore, number> = { fragments: 5_000, statements: 2_000 };

export class ParseCache {
  private entries: Record<string, string> = {};
  private dirty = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly maxEntries: number,
  ) {}

  static open(store: ParseStore, env: NodeJS.ProcessEnv = process.env): ParseCache {
    const dir = env.PERFCTL_CACHE_DIR ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'perfctl');
    if (dir === 'off' || dir === '') return new ParseCache(undefined, 0);
    const cache = new ParseCache(join(dir, `${store}-v1.json`), MAX_ENTRIES[store]);
    try {
      const parsed = JSON.parse(readFileSync(cache.file!, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) cache.entries = parsed as Record<string, string>;
    } catch {
      // Missing or unreadable: start empty.
    }
    return cache;
  }

  get(kind: string, text: string): string | undefined {
    const value = this.file ? this.entries[key(kind, text)] : undefined;
    return typeof value === 'string' ? value : undefined;
  }

  set(kind: string, text: string, sql: string): void {
    if (!this.file) return;
    this.entries[key(kind, text)] = sql;
    this.dirty = true;
    // Bounded: the oldest entries (insertion order) go first.
    const keys = Object.keys(this.entries);
    for (const old of keys.slice(0, Math.max(0, keys.length - this.maxEntries))) delete this.entries[old];
  }

  /** Best effort: a cache that cannot be written only costs time. */
  save(): void {
    if (!this.file || !this.dirty) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(this.entries), { mode: 0o600 });
      renameSync(temp, this.file);
      this.dirty = false;
    } catch {
      /* read-only home, full disk: ignore */
    }
  }
}

const shared = new Map<ParseStore, ParseCache>();

/** One cache per store for the whole process (PERFCTL_CACHE_DIR decides where, or off). */
export function processCache(store: ParseStore): ParseCache {
  let cache = shared.get(store);
  if (!cache) shared.set(store, (cache = ParseCache.open(store)));
  return cache;
}

let versions: string | undefined;

function key(kind: string, text: string): string {
  versions ??= [VERSION, packageVersion('libpg-query'), packageVersion('pgsql-deparser')].join('/');
  return createHash('sha256').update(`${versions}\0${kind}\0${text}`).digest('hex');
}

/** The installed version of a dependency, found without loading it. */
function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 4; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return `${pkg.version}`;
      } catch {
        /* keep looking upwards */
      }
    }
  } catch {
    /* fall through */
  }
  return 'unknown';
}
