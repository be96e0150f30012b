import { formatBytes } from '../../../util/text.js';
import { valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';

/**
 * An active slot whose consumer is far behind (over a gigabyte of WAL kept),
 * or any slot past max_slot_wal_keep_size (wal_status unreserved or lost).
 * Inactive slots are inactive-replication-slot's.
 */
export const replicationSlotWal: Check = {
  id: 'replication-slot-wal',
  section: 'replication',
  help: 'The slot keeps WAL its consumer has not confirmed: find why the standby or subscriber is behind; a lost slot can no longer stream and its consumer must be re-synced. max_slot_wal_keep_size bounds what a slot may keep.',
  run({ data }) {
    const r = valueOf(data.replication);
    if (!r) return [];
    return r.slots
      .filter((s) => s.walStatus === 'unreserved' || s.walStatus === 'lost' || (s.active && (s.retainedBytes ?? 0) >= THRESHOLDS.replication.retainedBytes))
      .map((s) => ({
        check: this.id,
        severity: 'warning' as const,
        object: `slot ${s.name}`,
        evidence: { slot_type: s.type, active: s.active, retained_bytes: s.retainedBytes, wal_status: s.walStatus, safe_wal_size: s.safeWalSize },
        message: `${s.walStatus === 'lost' ? 'has lost WAL its consumer needs' : s.walStatus === 'unreserved' ? 'is past max_slot_wal_keep_size: its WAL may be removed at the next checkpoint' : 'its consumer is behind'}${s.retainedBytes === null ? '' : `; retaining ${formatBytes(s.retainedBytes)} of WAL`}`,
        help: this.help,
      }));
  },
};
