import type { IndexRow, ReportData, StatementRow, TableRow } from '../../db/catalog/report/types.js';
import { UsageError } from '../../errors.js';
import { statementKey, type Snapshot } from './snapshot.js';
import { windowSpread } from './spread.js';

/**
 * The counters of `current` minus those of a snapshot: the activity of the
 * window between them. An object whose counters went down was reset (or
 * recreated) since the snapshot, so its current counters are the window.
 * Statement min, max and stddev cannot be subtracted: spread.ts derives what
 * the two reads support, and the rest is null (not known for the window).
 */
export function sinceSnapshot(current: ReportData, base: Snapshot, file: string): ReportData {
  if (base.database.oid !== current.database.oid || base.database.name !== current.database.name) {
    throw new UsageError(`${file} is a snapshot of database ${base.database.name}, not ${current.database.name}`, { hint: 'Compare snapshots of the same database.' });
  }
  if (Date.parse(base.taken_at) > Date.parse(current.database.now)) {
    throw new UsageError(`${file} was taken after now (${base.taken_at}); is it from another server?`);
  }
  const out: ReportData = { ...current };
  if (current.statements?.available) {
    const before = new Map(base.statements.map((s) => [s.key, s]));
    const rows = current.statements.value.rows.map((s) => statementDelta(s, before.get(statementKey(s)), base.taken_at)).filter((s) => s.calls > 0);
    out.statements = { available: true, value: { ...current.statements.value, rows } };
  }
  if (current.tables?.available) {
    const before = new Map(base.tables.map((t) => [t.oid, t]));
    out.tables = { available: true, value: current.tables.value.map((t) => tableDelta(t, before.get(t.oid))) };
  }
  if (current.indexes?.available) {
    const before = new Map(base.indexes.map((i) => [i.oid, i.idx_scan]));
    out.indexes = { available: true, value: current.indexes.value.map((i) => indexDelta(i, before.get(i.oid))) };
  }
  return out;
}

function statementDelta(s: StatementRow, b: Snapshot['statements'][number] | undefined, takenAt: string): StatementRow {
  const resetSince = s.statsSince !== null && Date.parse(s.statsSince) > Date.parse(takenAt);
  if (!b || resetSince || s.calls < b.calls || s.totalMs < b.total_ms) return s;
  const calls = s.calls - b.calls;
  const totalMs = s.totalMs - b.total_ms;
  const spread =
    s.stddevMs !== null && s.minMs !== null && s.maxMs !== null
      ? windowSpread({ calls: s.calls, meanMs: s.meanMs, stddevMs: s.stddevMs, minMs: s.minMs, maxMs: s.maxMs }, { calls: b.calls, meanMs: b.mean_ms, stddevMs: b.stddev_ms, minMs: b.min_ms, maxMs: b.max_ms })
      : { stddevMs: null, minMs: null, maxMs: null };
  return {
    ...s,
    ...spread,
    calls,
    totalMs,
    meanMs: calls > 0 ? totalMs / calls : 0,
    rows: s.rows - b.rows,
    sharedHit: s.sharedHit - b.shared_blks_hit,
    sharedRead: s.sharedRead - b.shared_blks_read,
    tempWritten: s.tempWritten - b.temp_blks_written,
  };
}

function tableDelta(t: TableRow, b: Snapshot['tables'][number] | undefined): TableRow {
  if (!b) return t;
  const pairs: Array<[number, number]> = [
    [t.seqScan, b.seq_scan], [t.seqTupRead, b.seq_tup_read], [t.idxScan, b.idx_scan], [t.inserted, b.n_tup_ins], [t.updated, b.n_tup_upd],
    [t.deleted, b.n_tup_del], [t.heapRead, b.heap_blks_read], [t.heapHit, b.heap_blks_hit], [t.idxRead, b.idx_blks_read], [t.idxHit, b.idx_blks_hit],
  ];
  if (pairs.some(([now, then]) => now < then)) return t;
  const [seqScan, seqTupRead, idxScan, inserted, updated, deleted, heapRead, heapHit, idxRead, idxHit] = pairs.map(([now, then]) => now - then) as number[];
  return { ...t, seqScan: seqScan!, seqTupRead: seqTupRead!, idxScan: idxScan!, inserted: inserted!, updated: updated!, deleted: deleted!, heapRead: heapRead!, heapHit: heapHit!, idxRead: idxRead!, idxHit: idxHit! };
}

function indexDelta(i: IndexRow, before: number | undefined): IndexRow {
  return before === undefined || i.scans < before ? i : { ...i, scans: i.scans - before };
}
