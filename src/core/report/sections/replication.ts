import { round, valueOf } from '../facts.js';
import { problemOf, type Row, type Section, type SectionInput } from '../section.js';

/** replication: each standby's lag, then each replication slot and the WAL it holds back. */
export function replicationSection(input: SectionInput): Section {
  const { data, findings } = input;
  const r = valueOf(data.replication);
  const section: Section = { id: 'replication', title: 'Replication', problems: problemOf(data.replication), notes: [], rows: [], findings };
  if (!r) return section;
  const standbys = r.standbys.map((s): Row => ({
    object: `standby ${s.application || `pid ${s.pid}`}${s.clientAddr ? ` (${s.clientAddr})` : ''}`,
    kind: 'standby',
    state: [s.state, s.syncState].filter(Boolean).join(', ') || null,
    replay_lag_seconds: s.replayLagSeconds === null ? null : round(s.replayLagSeconds, 3),
    lag_bytes: s.replayBytes,
    flush_lag_bytes: s.flushBytes,
    wal_status: null,
    safe_wal_size: null,
  }));
  const slots = r.slots.map((s): Row => ({
    object: `slot ${s.name}`,
    kind: `${s.type} slot${s.temporary ? ' (temporary)' : ''}`,
    state: s.active ? 'active' : 'inactive',
    replay_lag_seconds: null,
    lag_bytes: s.retainedBytes,
    flush_lag_bytes: null,
    wal_status: s.walStatus,
    safe_wal_size: s.safeWalSize,
  }));
  section.rows = [...standbys, ...slots];
  if (r.recovery) section.notes.push('this server is a standby: the standbys listed cascade from it, and WAL is measured from its last replayed position');
  if (section.rows.length === 0) section.notes.push('no standbys streaming from this server and no replication slots');
  else section.notes.push('lag: WAL bytes the standby has not replayed, or a slot keeps from its restart point to the current position');
  return section;
}
