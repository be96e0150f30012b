import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageInfo {
  /** The directory holding perfctl's package.json (and indexes.yaml, schema/). */
  root: string;
  version: string;
}

/**
 * perfctl's own package, found by walking up from this module: the same
 * answer from src/ (tests), dist/ (tsc) and dist/bundle/ (the shipped CLI).
 */
export const PACKAGE: PackageInfo = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'perfctl') return { root: dir, version: pkg.version ?? '0.0.0' };
    } catch {
      // not here; keep walking up
    }
    if (dirname(dir) === dir) return { root: dirname(dirname(here)), version: '0.0.0' };
  }
})();

export const VERSION = PACKAGE.version;
