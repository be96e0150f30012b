import { classifyStatement, type ClassifiedStatement } from '../../core/explain/classify.js';
import { buildReport, type ExplainReport } from '../../core/explain/report.js';
import { runExplain, type ExplainOptions } from '../../db/explain.js';
import type { Database } from '../../db/pool.js';
import { ExitCode, PerfctlError } from '../../errors.js';
import type { QueryParam } from '../../spec/types.js';
import { MAX_LOCK_TIMEOUT_MS, type ExplainFlags } from './options.js';

export interface Target {
  label: string;
  sql: string;
  params: QueryParam[];
}

/** The report, plus the failure that turned it into an estimate-only fallback (a timeout). */
export interface StatementOutcome {
  report: ExplainReport;
  failure?: PerfctlError;
}

/**
 * One statement, safely: parsed and refused before anything is sent if it is
 * not explainable, run in a rolled-back transaction, then analysed. A timeout
 * falls back to the estimate-only plan, reported as a failure.
 */
export async function explainStatement(target: Target, flags: ExplainFlags, openDb: () => Promise<Database>, warn: (line: string) => void, signal?: AbortSignal): Promise<StatementOutcome> {
  const statement = await classifyStatement(target.sql);
  const notes = admit(statement, flags);
  const generic = statement.paramCount > 0 && target.params.length === 0;
  checkParams(statement, target.params, generic);
  if (generic) notes.push(`$1..$${statement.paramCount} have no values: the generic plan (the plan for any values), estimates only`);
  for (const effect of statement.writes && flags.allowDml ? statement.sideEffects : []) warn(`warning: ${effect}`);
  const db = await openDb();
  const options: ExplainOptions = {
    analyze: flags.analyze && !generic,
    generic,
    buffers: flags.buffers,
    settings: flags.settings,
    readOnly: !(statement.writes && flags.allowDml),
    timeoutMs: flags.timeoutMs,
    lockTimeoutMs: Math.min(flags.timeoutMs, MAX_LOCK_TIMEOUT_MS),
    userSql: { text: target.sql, offset: statement.offset },
    signal,
  };
  const mode = generic ? 'generic' : options.analyze ? 'analyze' : 'estimate';
  const params = target.params;
  try {
    const run = await runExplain(db, statement.text, params, options, statement.paramCount);
    const report = await buildReport({ label: target.label, sql: target.sql, params: target.params, mode, serverVersionNum: run.versionNum, raw: run.result, tables: run.tables, notes });
    return { report };
  } catch (error) {
    if (error instanceof PerfctlError && error.code === 'explain-writes-refused' && statement.writingCte) {
      throw new PerfctlError(error.code, `the statement has a data-modifying CTE (WITH ... ${statement.command === 'SELECT' ? 'INSERT/UPDATE/DELETE' : statement.command}): it failed in the READ ONLY transaction, nothing was changed`, error.exitCode, { hint: error.hint, cause: error, details: error.details });
    }
    if (!(error instanceof PerfctlError) || error.code !== 'explain-timeout' || !options.analyze) throw error;
    // Planning alone is fast: show what the planner intended, and say why.
    const fallback = await runExplain(db, statement.text, params, { ...options, analyze: false, buffers: false }, statement.paramCount);
    notes.push(`${error.message}: showing the estimate-only plan instead`);
    const report = await buildReport({ label: target.label, sql: target.sql, params: target.params, mode: 'estimate', serverVersionNum: fallback.versionNum, raw: fallback.result, tables: fallback.tables, notes });
    return { report, failure: error };
  }
}

/** Refuse writes without --allow-dml; a data-modifying CTE is let through to fail safely in READ ONLY. */
function admit(statement: ClassifiedStatement, flags: ExplainFlags): string[] {
  const notes: string[] = [];
  if (statement.writes && !flags.allowDml && !statement.writingCte) {
    throw new PerfctlError('explain-dml-refused', `${statement.command} changes data: refused without --allow-dml, nothing was sent`, ExitCode.usage, {
      hint: 'With --allow-dml it runs inside a transaction that is always rolled back (sequences and external effects excepted).',
    });
  }
  if (!flags.allowDml && statement.sideEffects.some((e) => e.startsWith('dblink'))) {
    throw new PerfctlError('explain-dblink-refused', 'the statement calls dblink, which runs statements on another connection that READ ONLY and ROLLBACK do not reach; nothing was sent', ExitCode.usage, {
      hint: 'Add --allow-dml only if the remote statements are safe to run.',
    });
  }
  if (statement.writes && flags.allowDml) notes.push(`${statement.command} ran inside a transaction that was rolled back`);
  return notes;
}

function checkParams(statement: ClassifiedStatement, params: QueryParam[], generic: boolean): void {
  if (generic) return;
  if (params.length !== statement.paramCount) {
    const uses = statement.paramCount === 0 ? 'uses no $n parameters' : `uses $1..$${statement.paramCount}`;
    throw new PerfctlError('explain-params', `the statement ${uses} but ${params.length} value${params.length === 1 ? ' was' : 's were'} given`, ExitCode.usage, {
      hint: 'Give one --param per $n, in order (or none at all for the generic plan).',
    });
  }
}
