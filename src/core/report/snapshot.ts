import type { ReportData } from '../../db/catalog/report/types.js';
import { UsageError } from '../../errors.js';
import { valueOf } from './facts.js';

/**
 * The counters `--save` writes and `--since` subtracts, so a DBA can measure
 * a window without resetting anything. Only cumulative counters are kept;
 * states (live rows, sessions) are always read fresh.
 */
export interface Snapshot {
  kind: 'perfctl-report-snapshot';
  version: 1;
  taken_at: string;
  database: { name: string; oid: number };
  statements: Array<{
    key: string;
    calls: number;
    total_ms: number;
    rows: number;
    shared_blks_hit: number;
    shared_blks_read: number;
    temp_blks_written: number;
    /** Added later in version 1 (absent from older snapshots): what a window's spread is derived from. */
    mean_ms?: number;
    stddev_ms?: number;
    min_ms?: number;
    max_ms?: number;
  }>;
  tables: Array<{ oid: number; seq_scan: number; seq_tup_read: number; idx_scan: number; n_tup_ins: number; n_tup_upd: number; n_tup_del: number; heap_blks_read: number; heap_blks_hit: number; idx_blks_read: number; idx_blks_hit: number }>;
  indexes: Array<{ oid: number; idx_scan: number }>;
}

export function statementKey(s: { userid: number; queryid: string; toplevel: boolean }): string {
  return `${s.userid}/${s.queryid}/${s.toplevel ? 'top' : 'nested'}`;
}

export function toSnapshot(data: ReportData): Snapshot {
  return {
    kind: 'perfctl-report-snapshot',
    version: 1,
    taken_at: data.database.now,
    database: { name: data.database.name, oid: data.database.oid },
    statements: (valueOf(data.statements)?.rows ?? []).map((s) => ({
      key: statementKey(s),
      calls: s.calls,
      total_ms: s.totalMs,
      rows: s.rows,
      shared_blks_hit: s.sharedHit,
      shared_blks_read: s.sharedRead,
      temp_blks_written: s.tempWritten,
      ...(s.stddevMs !== null && s.minMs !== null && s.maxMs !== null ? { mean_ms: s.meanMs, stddev_ms: s.stddevMs, min_ms: s.minMs, max_ms: s.maxMs } : {}),
    })),
    tables: (valueOf(data.tables) ?? []).map((t) => ({
      oid: t.oid,
      seq_scan: t.seqScan,
      seq_tup_read: t.seqTupRead,
      idx_scan: t.idxScan,
      n_tup_ins: t.inserted,
      n_tup_upd: t.updated,
      n_tup_del: t.deleted,
      heap_blks_read: t.heapRead,
      heap_blks_hit: t.heapHit,
      idx_blks_read: t.idxRead,
      idx_blks_hit: t.idxHit,
    })),
    indexes: (valueOf(data.indexes) ?? []).map((i) => ({ oid: i.oid, idx_scan: i.scans })),
  };
}

/** Parse a snapshot file's text; anything else is a usage error naming the file. */
export function parseSnapshot(text: string, file: string): Snapshot {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not a perfctl snapshot: ${(error as Error).message}`, { hint: 'Write one with `perfctl report --save FILE`.' });
  }
  const s = doc as Partial<Snapshot>;
  const ok =
    s?.kind === 'perfctl-report-snapshot' &&
    s.version === 1 &&
    typeof s.taken_at === 'string' &&
    !Number.isNaN(Date.parse(s.taken_at)) &&
    typeof s.database?.oid === 'number' &&
    Array.isArray(s.statements) &&
    Array.isArray(s.tables) &&
    Array.isArray(s.indexes);
  if (!ok) throw new UsageError(`${file} is not a perfctl snapshot (version 1)`, { hint: 'Write one with `perfctl report --save FILE`.' });
  return s as Snapshot;
}
