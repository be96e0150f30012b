import { formatBytes } from '../../../util/text.js';
import { valueOf } from '../facts.js';
import type { Check } from '../types.js';

/** A replication slot nobody is reading from that still holds back WAL (and, logical or with feedback, vacuum). */
export const inactiveReplicationSlot: Check = {
  id: 'inactive-replication-slot',
  section: 'replication',
  help: 'An unused slot keeps every WAL file from its restart point until the disk fills: reconnect its consumer, or drop it with SELECT pg_drop_replication_slot(\'name\'); (the standby or subscriber must then be re-synced).',
  run({ data }) {
    const r = valueOf(data.replication);
    if (!r) return [];
    return r.slots
      .filter((s) => !s.active && !s.temporary && s.retainedBytes !== null && s.walStatus !== 'lost')
      .map((s) => ({
        check: this.id,
        severity: 'warning' as const,
        object: `slot ${s.name}`,
        evidence: { slot_type: s.type, database: s.database, retained_bytes: s.retainedBytes, wal_status: s.walStatus, safe_wal_size: s.safeWalSize },
        message: `${s.type} slot not in use${s.retainedBytes === null ? '' : `, retaining ${formatBytes(s.retainedBytes)} of WAL`}${s.walStatus ? ` (wal_status ${s.walStatus})` : ''}`,
        help: this.help,
      }));
  },
};
