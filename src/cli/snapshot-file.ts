import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSnapshot, type Snapshot } from '../core/report/snapshot.js';
import { UsageError } from '../errors.js';
import type { Context } from './context.js';

/** A snapshot written by `perfctl report --save`, read for --since (report, tune); the path as the user gave it. */
export async function readSnapshot(ctx: Context, given: string): Promise<{ snapshot: Snapshot; file: string }> {
  const file = resolve(ctx.io.cwd, given);
  const shown = ctx.displayPath(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the snapshot ${shown}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, {
      hint: 'Write one first with `perfctl report --save FILE`.',
    });
  }
  return { snapshot: parseSnapshot(text, shown), file: shown };
}
