import type { IndexRow, ReportData, SessionRow, StatementRow, TableRow } from '../../../src/db/catalog/report/types.js';
import type { CheckInput } from '../../../src/core/report/types.js';
import { DEFAULT_BUDGETS } from '../../../src/spec/types.js';

export const NOW = '2026-01-10T12:00:00.000Z';

export function statement(o: Partial<StatementRow> = {}): StatementRow {
  return {
    queryid: '1', userid: 10, role: 'app', toplevel: true, query: 'SELECT * FROM t WHERE id = $1',
    calls: 10, totalMs: 10, meanMs: 1, minMs: 1, maxMs: 1, stddevMs: 0, rows: 10,
    sharedHit: 100, sharedRead: 0, tempWritten: 0, statsSince: null, ...o,
  };
}

let nextOid = 1000;
export function index(o: Partial<IndexRow> = {}): IndexRow {
  const oid = o.oid ?? nextOid++;
  return {
    oid, tableOid: 1, schema: 'public', table: 't', name: `i${oid}`, method: 'btree', unique: false, primary: false, valid: true, building: false,
    backsConstraint: false, keyCount: 1, attnums: [2], columns: ['a'], opclasses: [3], collations: [0], options: [0], predicate: null,
    definition: `CREATE INDEX i${oid} ON public.t USING btree (a)`, scans: 5, lastScan: null, bytes: 8192, ...o,
  };
}

export function table(o: Partial<TableRow> = {}): TableRow {
  return {
    oid: 1, schema: 'public', name: 't', seqScan: 1, seqTupRead: 100, idxScan: 100, inserted: 100, updated: 0, deleted: 0,
    liveTuples: 100, deadTuples: 0, modSinceAnalyze: 0, lastVacuum: NOW, lastAnalyze: NOW, heapRead: 0, heapHit: 0, idxRead: 0, idxHit: 0,
    bytes: 8192 * 10, totalBytes: 8192 * 12, relpages: 10, reltuples: 100, fillfactor: 100, rowWidth: 40, ...o,
  };
}

export function session(o: Partial<SessionRow> = {}): SessionRow {
  return {
    pid: 100, database: 'app', user: 'app', application: 'web', state: 'idle', waitEventType: null,
    xactStart: null, queryStart: NOW, stateChange: NOW, query: 'SELECT 1', blockedBy: [], ...o,
  };
}

/** Seconds before NOW, as an ISO string. */
export function ago(seconds: number): string {
  return new Date(Date.parse(NOW) - seconds * 1000).toISOString();
}

export function data(o: Partial<ReportData> = {}): ReportData {
  return {
    database: { name: 'app', role: 'monitor', oid: 5, serverVersionNum: 180000, now: NOW, statsReset: ago(30 * 86_400), postmasterStart: ago(40 * 86_400), blockSize: 8192 },
    ...o,
  };
}

export function ok<T>(value: T): { available: true; value: T } {
  return { available: true, value };
}

export function input(d: ReportData, o: Partial<CheckInput> = {}): CheckInput {
  return { data: d, budgets: { ...DEFAULT_BUDGETS }, statsAgeSeconds: 30 * 86_400, ...o };
}

export function statementsData(rows: StatementRow[]): ReportData['statements'] {
  return ok({ schema: 'public', version: '1.12', statsReset: null, dealloc: 0, rows });
}
