import { formatBytes, formatDuration } from '../../../util/text.js';
import { valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';

const R = THRESHOLDS.replication;

/** A standby whose replay is a minute or a gigabyte behind this server. */
export const replicationLag: Check = {
  id: 'replication-lag',
  section: 'replication',
  help: 'Reads on that standby see old data and a failover to it would wait for the replay: look at its I/O and CPU, long queries there holding replay back (max_standby_streaming_delay, hot_standby_feedback), and the network.',
  run({ data }) {
    const r = valueOf(data.replication);
    if (!r) return [];
    return r.standbys
      .filter((s) => (s.replayLagSeconds ?? 0) >= R.lagSeconds || (s.replayBytes ?? 0) >= R.lagBytes)
      .map((s) => ({
        check: this.id,
        severity: 'warning' as const,
        object: `standby ${s.application || `pid ${s.pid}`}${s.clientAddr ? ` (${s.clientAddr})` : ''}`,
        evidence: { pid: s.pid, state: s.state, sync_state: s.syncState, replay_lag_seconds: s.replayLagSeconds, replay_lag_bytes: s.replayBytes, flush_lag_bytes: s.flushBytes, sent_lag_bytes: s.sentBytes },
        message: `${[s.replayLagSeconds === null ? 'replay lag unknown' : `replay ${formatDuration(s.replayLagSeconds * 1000)} behind`, s.replayBytes === null ? null : `${formatBytes(s.replayBytes)} of WAL not replayed`].filter(Boolean).join(', ')} (${s.state ?? 'state unknown'}, ${s.syncState ?? '?'})`,
        help: this.help,
      }));
  },
};
