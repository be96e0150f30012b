import { describe, expect, it } from 'vitest';
import { sinceSnapshot } from '../../../src/core/report/delta.js';
import { parseSnapshot, toSnapshot } from '../../../src/core/report/snapshot.js';
import { UsageError } from '../../../src/errors.js';
import { ago, data, index, ok, statement, statementsData, table } from './fixtures.js';

function before() {
  return data({
    database: { ...data().database, now: ago(3600) },
    statements: statementsData([statement({ queryid: 'a', calls: 100, totalMs: 100, rows: 100 }), statement({ queryid: 'gone', calls: 5, totalMs: 5 })]),
    tables: ok([table({ seqScan: 10, idxScan: 20, heapHit: 1000, heapRead: 10 })]),
    indexes: ok([index({ oid: 7, scans: 40 })]),
  });
}

describe('--save / --since', () => {
  const snapshot = parseSnapshot(JSON.stringify(toSnapshot(before())), 'before.json');

  it('round-trips the counters through the file format', () => {
    expect(snapshot).toMatchObject({ kind: 'perfctl-report-snapshot', version: 1, taken_at: ago(3600), database: { oid: 5 } });
    expect(snapshot.statements.map((s) => s.key)).toEqual(['10/a/top', '10/gone/top']);
  });

  it('subtracts counters and recomputes means over the window', () => {
    const now = data({
      statements: statementsData([statement({ queryid: 'a', calls: 110, totalMs: 150, rows: 110 }), statement({ queryid: 'new', calls: 3, totalMs: 30, meanMs: 10 }), statement({ queryid: 'gone', calls: 5, totalMs: 5 })]),
      tables: ok([table({ seqScan: 15, idxScan: 20, heapHit: 1500, heapRead: 10 })]),
      indexes: ok([index({ oid: 7, scans: 40 })]),
    });
    const window = sinceSnapshot(now, snapshot, 'before.json');
    const rows = window.statements!.available ? window.statements!.value.rows : [];
    expect(rows.map((s) => [s.queryid, s.calls, s.totalMs, s.meanMs])).toEqual([['a', 10, 50, 5], ['new', 3, 30, 10]]);
    expect(window.tables!.available && window.tables!.value[0]).toMatchObject({ seqScan: 5, idxScan: 0, heapHit: 500, heapRead: 0 });
    expect(window.indexes!.available && window.indexes!.value[0]!.scans).toBe(0);
  });

  it('takes counters that went down as reset since the snapshot', () => {
    const now = data({ statements: statementsData([statement({ queryid: 'a', calls: 4, totalMs: 8, meanMs: 2 })]), tables: ok([table({ seqScan: 2, idxScan: 1 })]) });
    const window = sinceSnapshot(now, snapshot, 'before.json');
    expect(window.statements!.available && window.statements!.value.rows[0]).toMatchObject({ calls: 4, totalMs: 8 });
    expect(window.tables!.available && window.tables!.value[0]).toMatchObject({ seqScan: 2, idxScan: 1 });
  });

  it('refuses a snapshot of another database or a file that is not one', () => {
    const other = data({ database: { ...data().database, oid: 6 } });
    expect(() => sinceSnapshot(other, snapshot, 'before.json')).toThrow(/snapshot of database app/);
    expect(() => parseSnapshot('{"kind":"x"}', 'x.json')).toThrow(UsageError);
    expect(() => parseSnapshot('not json', 'x.json')).toThrow(/x.json is not a perfctl snapshot/);
  });
});
