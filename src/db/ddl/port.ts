import type { ApplyPort } from '../../core/apply/types.js';
import type { Database } from '../pool.js';
import { cancelBackend, countDuplicateKeys, findBlockers, readIndexState, readProgress } from './activity.js';
import { DdlSession, type StatementSettings } from './session.js';

/** The executor's view of the database: DDL sessions of their own, everything else through the pool (autocommit). */
export function createApplyPort(db: Database, versionNum: number, initial: StatementSettings, blockerMinAgeMs: number): ApplyPort {
  return {
    openSession: () => DdlSession.open(db, versionNum, initial),
    blockers: (schema, table, exclude) => findBlockers(db, schema, table, exclude, blockerMinAgeMs),
    progress: (pids) => readProgress(db, pids),
    indexState: (schema, name) => readIndexState(db, schema, name),
    cancel: (pid) => cancelBackend(db, pid),
    countDuplicates: (sql) => countDuplicateKeys(db, sql),
  };
}
