import { OperationError } from '../../errors.js';
import { versionText } from '../doctor.js';

/**
 * PostgreSQL 14.0–14.3 can corrupt indexes built or rebuilt concurrently
 * (fixed in 14.4); building there needs an explicit --force.
 */
export function checkServerVersion(versionNum: number, force: boolean): void {
  if (versionNum >= 140000 && versionNum < 140004 && !force) {
    throw new OperationError('unsafe-server-version', `PostgreSQL ${versionText(versionNum)} can corrupt indexes built with CREATE INDEX CONCURRENTLY (fixed in 14.4)`, {
      hint: 'Upgrade the server to 14.4 or later; --force builds anyway.',
    });
  }
}

/** Builds on different tables at once: as many as the server has cores, within the pool size. */
export function defaultConcurrency(poolSize: number, serverCores: number): number {
  return Math.max(1, Math.min(poolSize, serverCores, 16));
}
