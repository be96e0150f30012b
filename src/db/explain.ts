import type pg from 'pg';
import type { ExplainJson } from '../core/explain/normalise.js';
import type { TableStats } from '../core/explain/types.js';
import { OperationError, PerfctlError } from '../errors.js';
import type { QueryParam } from '../spec/types.js';
import { caretExcerpt } from '../util/caret.js';
import { readTableStats } from './catalog/table-stats.js';
import { pgFields, queryError, sqlstate } from './errors.js';
import type { Database } from './pool.js';
import { describeBlocker, watchBlockers, type LockBlocker } from './blockers.js';
import { carrierPrefix, READ_AS_PARSED, sendExplain } from './explain-send.js';
import { userSearchPathSql } from './search-path.js';

/** One EXPLAIN (FORMAT JSON) result as PostgreSQL returns it. */
export type ExplainResult = ExplainJson;
export type { RawNode as PlanNodeJson } from '../core/explain/normalise.js';

export interface ExplainOptions {
  /** Execute the statement (EXPLAIN ANALYZE); false for estimates only. */
  analyze: boolean;
  /** $n without values: the generic plan (PREPARE, force_generic_plan), estimates only. */
  generic: boolean;
  buffers: boolean;
  settings: boolean;
  /** READ ONLY for queries; READ WRITE only for DML the user allowed. Rolled back either way. */
  readOnly: boolean;
  timeoutMs: number;
  lockTimeoutMs: number;
  /** Where `statement` starts in what the user typed, to point at errors in their text. */
  userSql?: { text: string; offset: number };
  signal?: AbortSignal;
}

export interface ExplainRun {
  result: ExplainResult;
  versionNum: number;
  /** pg_stat_user_tables of the relations in the plan, read in the same transaction. */
  tables: TableStats[];
}

/**
 * EXPLAIN one statement safely: inside a transaction that is always rolled
 * back, with SET LOCAL statement_timeout, lock_timeout and
 * standard_conforming_strings, over the extended protocol (which refuses a
 * second statement; see explain-send.ts). The connection is destroyed
 * afterwards, never returned to the pool: the statement may have changed
 * session state (set_config, advisory locks, prepared statements).
 */
export async function runExplain(db: Database, statement: string, params: QueryParam[], options: ExplainOptions, paramCount = params.length): Promise<ExplainRun> {
  const client = await db.connect();
  const cancel = () => void cancelBackend(db, client);
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const versionNum = await begin(client, options);
    const send = { flags: explainFlags(options), generic: options.generic, paramCount, timeoutMs: options.timeoutMs };
    if (options.analyze) {
      // A fresh backend plans with cold catalog caches; plan once first so the planning time
      // reported is what a long-lived application connection sees. Its errors, if any, come
      // again from the real run below, with the caret in the right place (the savepoint keeps
      // the transaction usable after a failed warm-up).
      // (The savepoint was set by begin(); the final ROLLBACK undoes everything anyway.)
      const warmed = await client.query({ text: `EXPLAIN (FORMAT JSON) ${statement}`, values: params, queryMode: 'extended' } as pg.QueryConfig).then(
        () => true,
        () => false,
      );
      if (!warmed) await client.query('ROLLBACK TO SAVEPOINT perfctl_warm_up');
    }
    let result: ExplainResult;
    const blockers = watchBlockers(db, (client as unknown as { processID?: number }).processID);
    try {
      result = await sendExplain(client, statement, params, send);
    } catch (error) {
      throw explainError(error, carrierPrefix(send).length, options, blockers.stop());
    } finally {
      blockers.stop();
    }
    const relations = [...new Set(collectRelations(result.Plan))];
    const tables = await readTableStats(client, relations).catch(() => []);
    return { result, versionNum, tables };
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    // Not waited for: the connection is closed right after, and a session that ends rolls back
    // whatever it has not committed, whether or not the ROLLBACK got there first.
    client.query('ROLLBACK').catch(() => undefined);
    client.release(true);
  }
}

/**
 * BEGIN with local timeouts, the warm-up's savepoint when analysing, and the
 * server version, in one round trip (all literals are integers perfctl computed).
 */
async function begin(client: pg.PoolClient, options: ExplainOptions): Promise<number> {
  const results = (await client.query(
    `BEGIN TRANSACTION ${options.readOnly ? 'READ ONLY' : 'READ WRITE'}; ` +
      `SET LOCAL statement_timeout = ${Math.round(options.timeoutMs)}; ` +
      `SET LOCAL lock_timeout = ${Math.round(options.lockTimeoutMs)}; ` +
      `${READ_AS_PARSED}; ` +
      `${userSearchPathSql(true)}; ` +
      (options.analyze ? 'SAVEPOINT perfctl_warm_up; ' : '') +
      `SELECT pg_catalog.current_setting('server_version_num') AS v`,
  )) as unknown as pg.QueryResult<{ v: string }>[];
  return Number(results[results.length - 1]!.rows[0]!.v);
}

export function explainFlags(options: Pick<ExplainOptions, 'analyze' | 'generic' | 'buffers' | 'settings'>): string[] {
  const flags: string[] = [];
  if (options.analyze && !options.generic) flags.push('ANALYZE');
  if (options.buffers) flags.push('BUFFERS');
  if (options.settings) flags.push('SETTINGS');
  flags.push('FORMAT JSON');
  return flags;
}

function* collectRelations(node: ExplainResult['Plan']): Generator<string> {
  if (typeof node['Relation Name'] === 'string') yield node['Relation Name'];
  for (const child of node.Plans ?? []) yield* collectRelations(child);
}

/** Map the failure of the EXPLAIN itself to what the user must know. */
function explainError(error: unknown, prefixLength: number, options: ExplainOptions, blockers: LockBlocker[]): PerfctlError {
  const fields = pgFields(error);
  const code = sqlstate(error);
  const seconds = `${options.timeoutMs / 1000}s`;
  const blockedBy = blockers.length ? `blocked by ${blockers.map(describeBlocker).join(', ')}` : '';
  const blockerDetails = blockers.map((b) => ({ pid: b.pid, application: b.application, state: b.state, xact_seconds: b.xactSeconds }));
  if (code === '57014' && !options.signal?.aborted) {
    const waiting = blockedBy ? ` while waiting for a lock (${blockedBy})` : '';
    return new OperationError('explain-timeout', `the statement ran longer than the ${seconds} timeout and was cancelled${waiting}; nothing was changed`, {
      hint: blockedBy ? 'Try again once that session has committed or rolled back.' : `Raise --timeout, or look at the estimate-only plan (--no-analyze).`,
      cause: error,
      details: { ...fields, timeout_ms: options.timeoutMs, blockers: blockerDetails },
    });
  }
  if (code === '55P03') {
    return new OperationError('explain-lock-timeout', `waited longer than lock_timeout (${options.lockTimeoutMs / 1000}s) for a lock: ${fields.message}${blockedBy ? `; ${blockedBy}` : ''}; nothing was changed`, {
      hint: blockedBy
        ? 'Try again once that session has committed or rolled back.'
        : 'Another session holds a conflicting lock (see pg_locks / pg_stat_activity); try again when it is done.',
      cause: error,
      details: { ...fields, blockers: blockerDetails },
    });
  }
  if (code === '25006') {
    return new OperationError('explain-writes-refused', `the statement tried to write (${fields.message}); perfctl runs plain queries READ ONLY, so nothing was changed`, {
      hint: 'A data-modifying CTE or a function that writes: to measure it anyway, add --allow-dml (it still runs in a rolled-back transaction).',
      cause: error,
      details: { ...fields },
    });
  }
  const position = Number(fields.position);
  if (options.userSql && Number.isInteger(position) && position > prefixLength) {
    const index = options.userSql.offset + position - 1 - prefixLength;
    const failure = queryError(error, 'EXPLAIN failed');
    return new OperationError(failure.code, `${failure.message}\n${caretExcerpt(options.userSql.text, index)}`, {
      hint: failure.hint,
      cause: error,
      details: { ...fields, position: index + 1 },
    });
  }
  return queryError(error, 'EXPLAIN failed');
}

async function cancelBackend(db: Database, client: pg.PoolClient): Promise<void> {
  const pid = (client as unknown as { processID?: number }).processID;
  if (pid) await db.query('SELECT pg_catalog.pg_cancel_backend($1)', [pid], 'cancelling the EXPLAIN').catch(() => undefined);
}

/** Kept for the demo: EXPLAIN a read-only statement with the safe runner. */
export async function explainReadOnly(db: Database, sql: string, params: QueryParam[], options: { analyze: boolean; timeoutMs: number }): Promise<ExplainResult> {
  const run = await runExplain(db, sql, params, { analyze: options.analyze, generic: false, buffers: options.analyze, settings: false, readOnly: true, timeoutMs: options.timeoutMs, lockTimeoutMs: Math.min(options.timeoutMs, 5000) });
  return run.result;
}

/** Every node of a plan, depth first. */
export function* walkPlan(node: ExplainResult['Plan']): Generator<ExplainResult['Plan']> {
  yield node;
  for (const child of node.Plans ?? []) yield* walkPlan(child);
}

/** A short description of how the plan reaches its tables, e.g. "Index Scan using idx_users_email on users". */
export function accessSummary(plan: ExplainResult['Plan']): string {
  const scans = [...walkPlan(plan)].filter((n) => n['Relation Name'] || n['Index Name']);
  if (scans.length === 0) return plan['Node Type'];
  return scans.map((n) => (n['Index Name'] ? `${n['Node Type']} using ${n['Index Name']}` : `${n['Node Type']} on ${n['Relation Name']}`)).join(' + ');
}
