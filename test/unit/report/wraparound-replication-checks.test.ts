import { describe, expect, it } from 'vitest';
import { inactiveReplicationSlot } from '../../../src/core/report/checks/inactive-replication-slot.js';
import { replicationLag } from '../../../src/core/report/checks/replication-lag.js';
import { replicationSlotWal } from '../../../src/core/report/checks/replication-slot-wal.js';
import { xidWraparound } from '../../../src/core/report/checks/xid-wraparound.js';
import type { ReplicationData, SlotRow, StandbyRow, WraparoundData, WraparoundTable } from '../../../src/db/catalog/report/types.js';
import { ago, data, input, ok } from './fixtures.js';

function table(o: Partial<WraparoundTable> = {}): WraparoundTable {
  return { schema: 'public', name: 't', toast: false, xidAge: 1000, mxidAge: 0, freezeMaxAge: null, multixactFreezeMaxAge: null, pages: 10, lastVacuum: ago(3600), vacuum: null, ...o };
}
const wraparound = (o: Partial<WraparoundData>): WraparoundData => ({ freezeMaxAge: 200_000_000, multixactFreezeMaxAge: 400_000_000, databases: [], tables: [], ...o });
const xid = (w: WraparoundData) => xidWraparound.run(input(data({ wraparound: ok(w) })));

describe('xid-wraparound', () => {
  it('flags a database past autovacuum_freeze_max_age with its share of the 2^31 limit', () => {
    const [f] = xid(wraparound({ databases: [{ name: 'app', xidAge: 1_200_000_000, mxidAge: 5, allowConnections: true }, { name: 'young', xidAge: 1000, mxidAge: 0, allowConnections: true }] }));
    expect(f).toMatchObject({ object: 'database app', evidence: { share_of_limit: 0.5588, xids_left: 2 ** 31 - 3_000_000 - 1_200_000_000 } });
  });

  it('judges a table by the lower of its own and the server’s limit, multixacts too, and says what VACUUM is doing', () => {
    const found = xid(
      wraparound({
        tables: [
          table({ name: 'own', xidAge: 150_000, freezeMaxAge: 100_000, vacuum: { phase: 'scanning heap', heapBlocksTotal: 200, heapBlocksScanned: 50, antiWraparound: true } }),
          table({ name: 'ignored_higher', xidAge: 150_000_000, freezeMaxAge: 1_000_000_000 }),
          table({ name: 'multi', mxidAge: 450_000_000 }),
          table({ name: 'toasted', toast: true, xidAge: 250_000_000, lastVacuum: null }),
        ],
      }),
    );
    expect(found.map((f) => f.object)).toEqual(['public.own', 'public.multi', 'public.toasted (TOAST)']);
    expect(found[0]!.evidence).toMatchObject({ freeze_max_age: 100_000, vacuum_running: 'scanning heap 25% (anti-wraparound)' });
    expect(found[1]!.message).toMatch(/multixacts 450,000,000, past 400,000,000/);
    expect(found[2]!.message).toMatch(/no VACUUM running on it; last vacuumed never/);
  });
});

function standby(o: Partial<StandbyRow> = {}): StandbyRow {
  return { pid: 7, application: 'replica1', clientAddr: '10.0.0.2', state: 'streaming', syncState: 'async', sentBytes: 0, writeBytes: 0, flushBytes: 0, replayBytes: 0, writeLagSeconds: 0, flushLagSeconds: 0, replayLagSeconds: 0.01, ...o };
}
function slot(o: Partial<SlotRow> = {}): SlotRow {
  return { name: 's', type: 'logical', database: 'app', active: true, temporary: false, retainedBytes: 1000, walStatus: 'reserved', safeWalSize: null, ...o };
}
const repl = (o: Partial<ReplicationData>) => {
  const d = data({ replication: ok({ recovery: false, standbys: [], slots: [], ...o }) });
  return [...replicationLag.run(input(d)), ...inactiveReplicationSlot.run(input(d)), ...replicationSlotWal.run(input(d))];
};

describe('replication checks', () => {
  it('replication-lag: a standby a minute or a gigabyte behind in replay', () => {
    const found = repl({ standbys: [standby({ application: 'slow', replayLagSeconds: 95 }), standby({ application: 'far', replayBytes: 2 * 1024 ** 3 }), standby()] });
    expect(found.map((f) => [f.check, f.object])).toEqual([
      ['replication-lag', 'standby slow (10.0.0.2)'],
      ['replication-lag', 'standby far (10.0.0.2)'],
    ]);
    expect(found[0]!.message).toMatch(/^replay 1m35s behind, 0 B of WAL not replayed \(streaming, async\)$/);
  });

  it('inactive-replication-slot and replication-slot-wal: unused, far behind, past max_slot_wal_keep_size, lost', () => {
    const found = repl({
      slots: [
        slot({ name: 'unused', active: false, retainedBytes: 5_000_000 }),
        slot({ name: 'never_reserved', active: false, retainedBytes: null }),
        slot({ name: 'temp', active: false, temporary: true }),
        slot({ name: 'behind', retainedBytes: 3 * 1024 ** 3, walStatus: 'extended' }),
        slot({ name: 'cut', active: false, retainedBytes: 9 * 1024 ** 3, walStatus: 'unreserved' }),
        slot({ name: 'gone', active: false, retainedBytes: null, walStatus: 'lost' }),
        slot({ name: 'fine' }),
      ],
    });
    expect(found.map((f) => [f.check, f.object])).toEqual([
      ['inactive-replication-slot', 'slot unused'],
      ['inactive-replication-slot', 'slot cut'],
      ['replication-slot-wal', 'slot behind'],
      ['replication-slot-wal', 'slot cut'],
      ['replication-slot-wal', 'slot gone'],
    ]);
    expect(found.find((f) => f.object === 'slot gone')!.message).toMatch(/has lost WAL its consumer needs/);
  });
});
