import { readFile } from 'node:fs/promises';
import { PerfctlError, ExitCode, UsageError } from '../../errors.js';
import { caretExcerpt } from '../../util/caret.js';
import { isConnectionLoss, pgFields } from '../errors.js';
import type { Database } from '../pool.js';
import { DEFAULT_SEARCH_PATH } from '../search-path.js';

/**
 * Load a schema or seed file (many statements) into the database, as psql -f
 * would but in one round trip: the simple query protocol runs a
 * multi-statement string as one implicit transaction, so a failure leaves
 * nothing half-loaded. No statement timeout: a seed may take a while.
 * A failure names the file and, when PostgreSQL gives a position, the line.
 */
export async function loadSqlFile(db: Database, path: string, shown: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${shown} not found` : `cannot read ${shown}: ${(error as Error).message}`);
  }
  const client = await db.connect();
  try {
    await client.query(`SET statement_timeout = 0; ${DEFAULT_SEARCH_PATH}`);
    await client.query(text);
  } catch (error) {
    if (isConnectionLoss(error)) throw error;
    const fields = pgFields(error);
    const position = Number(fields.position);
    const at = Number.isInteger(position) && position > 0 ? position - 1 : undefined;
    const where = at === undefined ? shown : `${shown}:${text.slice(0, at).split('\n').length}`;
    throw new PerfctlError('schema-failed', `${where}: ${fields.message}${at === undefined ? '' : `\n${caretExcerpt(text, at)}`}`, ExitCode.usage, {
      hint: fields.hint ?? `Fix ${shown}; it must run with psql -v ON_ERROR_STOP=1 -f ${shown} on an empty database.`,
      cause: error,
      details: { ...fields },
    });
  } finally {
    // SET changed this session: never hand it back to the pool.
    client.release(true);
  }
}
