import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PerfctlError, ExitCode, UsageError } from '../../errors.js';
import { caretExcerpt } from '../../util/caret.js';
import { parsePsqlScript, ScriptError, type Script, type ScriptItem } from '../../util/psql-script.js';
import { isConnectionLoss, pgFields } from '../errors.js';
import type { Database } from '../pool.js';
import { DEFAULT_SEARCH_PATH } from '../search-path.js';

/**
 * Load a schema or seed file into the database as `psql -1 -v ON_ERROR_STOP=1 -f`
 * would: one transaction, so a failure leaves nothing half-loaded. pg_dump's
 * plain output is accepted: its psql set-up meta-commands (\restrict …) are
 * skipped and reported through `note`, COPY … FROM stdin data is streamed in,
 * and any other meta-command is an error naming the line. Runs of plain SQL
 * go in one round trip each. No statement timeout: a seed may take a while.
 */
export interface SqlFile {
  shown: string;
  text: string;
  script: Script;
}

/** Read and cut a schema or seed file (before any server is started, so a bad file fails fast). */
export async function readSqlFile(path: string, shown: string): Promise<SqlFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${shown} not found` : `cannot read ${shown}: ${(error as Error).message}`);
  }
  try {
    return { shown, text, script: parsePsqlScript(text) };
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    throw new UsageError(`${shown}:${error.line}: ${error.message}`, { hint: `Remove it from ${shown}, or load the file with psql yourself.` });
  }
}

export async function loadSqlFile(db: Database, file: SqlFile, note: (line: string) => void = () => {}): Promise<void> {
  const { shown, text, script } = file;
  if (script.skipped.length) note(`skipped psql meta-commands in ${shown}: ${script.skipped.map((s) => `${s.command} (line ${s.line})`).join(', ')}`);
  const client = await db.connect();
  let current: ScriptItem | undefined;
  const roleless: number[] = [];
  try {
    // The file's own objects resolve on the usual path (sessions start with pg_catalog, pg_temp only).
    await client.query(`SET statement_timeout = 0; ${DEFAULT_SEARCH_PATH}`);
    await client.query('BEGIN');
    for (const item of script.items) {
      current = item;
      if (item.kind === 'sql') await client.query(text.slice(item.start, item.end));
      else if (item.kind === 'copy') await copyIn(client, text.slice(item.start, item.end), item.data);
      else if (!(await tryPrivileges(client, text.slice(item.start, item.end)))) roleless.push(lineOf(text, item.start));
    }
    await client.query('COMMIT');
    if (roleless.length) note(`skipped ${roleless.length} ownership or privilege statement${roleless.length === 1 ? '' : 's'} in ${shown} naming roles this server does not have (lines ${roleless.join(', ')})`);
  } catch (error) {
    if (isConnectionLoss(error)) throw error;
    throw loadError(error, text, shown, current);
  } finally {
    // SET (and the file's own SETs) changed this session: never hand it back to the pool.
    client.release(true);
  }
}

/** Ownership and grants do not change plans: one naming a role this server lacks (42704) is left out. */
async function tryPrivileges(client: pg.PoolClient, statement: string): Promise<boolean> {
  await client.query('SAVEPOINT perfctl_privileges');
  try {
    await client.query(statement);
    await client.query('RELEASE SAVEPOINT perfctl_privileges');
    return true;
  } catch (error) {
    if (pgFields(error).code !== '42704') throw error;
    await client.query('ROLLBACK TO SAVEPOINT perfctl_privileges');
    return false;
  }
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

async function copyIn(client: pg.PoolClient, statement: string, data: string): Promise<void> {
  const stream = client.query(copyFrom(statement));
  await pipeline(Readable.from([data]), stream);
}

function loadError(error: unknown, text: string, shown: string, item: ScriptItem | undefined): PerfctlError {
  const fields = pgFields(error);
  const position = Number(fields.position);
  const at = item && Number.isInteger(position) && position > 0 ? item.start + position - 1 : undefined;
  // COPY errors say "COPY items, line 3": the third data line.
  const copyLine = item?.kind === 'copy' ? /\bline (\d+)/.exec(fields.where ?? '')?.[1] : undefined;
  const line = at !== undefined ? lineOf(text, at) : copyLine && item?.kind === 'copy' ? item.dataLine + Number(copyLine) - 1 : item ? lineOf(text, item.start) : undefined;
  const where = line === undefined ? shown : `${shown}:${line}`;
  return new PerfctlError('schema-failed', `${where}: ${fields.message}${at === undefined ? '' : `\n${caretExcerpt(text, at)}`}`, ExitCode.usage, {
    hint: fields.hint ?? `Fix ${shown}; it must run with psql -1 -v ON_ERROR_STOP=1 -f ${shown} on an empty database.`,
    cause: error,
    details: { ...fields },
  });
}
