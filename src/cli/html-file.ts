import { rename, rm, writeFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { Context } from './context.js';

/** Write an HTML page beside its final name, then move it there, so a reader never sees half a file. */
export async function writeHtml(ctx: Context, file: string, html: string): Promise<void> {
  const partial = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(partial, html, 'utf8');
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw new UsageError(`cannot write the HTML page ${ctx.displayPath(file)}: ${(error as Error).message}`, { hint: 'Name a file in a folder that exists and that you may write to.' });
  }
  ctx.out.info(`wrote ${ctx.displayPath(file)} (${Math.ceil(Buffer.byteLength(html) / 1024)} kB, self-contained: open it in a browser)`);
}
