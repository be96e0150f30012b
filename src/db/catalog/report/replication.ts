import type { Reader } from './read.js';
import type { ReplicationData } from './types.js';

/**
 * Standbys streaming from this server (pg_stat_replication: another role's
 * LSNs and lags need pg_read_all_stats, part of pg_monitor) and the
 * replication slots (pg_replication_slots, readable by everyone), with the
 * WAL each holds back measured from the current WAL position (the last
 * replayed one on a standby). wal_status and safe_wal_size exist from
 * PostgreSQL 13.
 */
export async function readReplication(q: Reader, serverVersionNum: number): Promise<ReplicationData> {
  const [position] = await q<{ recovery: boolean; lsn: string | null }>(
    `SELECT pg_catalog.pg_is_in_recovery() AS recovery,
            (CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_replay_lsn() ELSE pg_catalog.pg_current_wal_lsn() END)::text AS lsn`,
  );
  const lsn = position!.lsn;
  const diff = (column: string) => `pg_catalog.pg_wal_lsn_diff($1::pg_lsn, ${column})::int8`;
  const seconds = (column: string) => `EXTRACT(epoch FROM ${column})::float8`;
  const standbys = await q<Record<string, unknown>>(
    `SELECT r.pid, r.application_name, pg_catalog.host(r.client_addr) AS client_addr, r.state, r.sync_state,
            ${diff('r.sent_lsn')} AS sent_bytes, ${diff('r.write_lsn')} AS write_bytes, ${diff('r.flush_lsn')} AS flush_bytes, ${diff('r.replay_lsn')} AS replay_bytes,
            ${seconds('r.write_lag')} AS write_lag, ${seconds('r.flush_lag')} AS flush_lag, ${seconds('r.replay_lag')} AS replay_lag
       FROM pg_catalog.pg_stat_replication r ORDER BY r.application_name, r.pid`,
    [lsn],
  );
  const modern = serverVersionNum >= 130000;
  const slots = await q<Record<string, unknown>>(
    `SELECT s.slot_name, s.slot_type, s.database, s.active, s.temporary,
            ${diff('s.restart_lsn')} AS retained_bytes,
            ${modern ? 's.wal_status, s.safe_wal_size::int8 AS safe_wal_size' : 'NULL::text AS wal_status, NULL::int8 AS safe_wal_size'}
       FROM pg_catalog.pg_replication_slots s ORDER BY s.slot_name`,
    [lsn],
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    recovery: position!.recovery,
    standbys: standbys.map((r) => ({
      pid: Number(r.pid),
      application: String(r.application_name ?? ''),
      clientAddr: r.client_addr === null ? null : String(r.client_addr),
      state: r.state === null ? null : String(r.state),
      syncState: r.sync_state === null ? null : String(r.sync_state),
      sentBytes: num(r.sent_bytes),
      writeBytes: num(r.write_bytes),
      flushBytes: num(r.flush_bytes),
      replayBytes: num(r.replay_bytes),
      writeLagSeconds: num(r.write_lag),
      flushLagSeconds: num(r.flush_lag),
      replayLagSeconds: num(r.replay_lag),
    })),
    slots: slots.map((r) => ({
      name: String(r.slot_name),
      type: String(r.slot_type),
      database: r.database === null ? null : String(r.database),
      active: Boolean(r.active),
      temporary: Boolean(r.temporary),
      retainedBytes: num(r.retained_bytes),
      walStatus: r.wal_status === null ? null : String(r.wal_status),
      safeWalSize: num(r.safe_wal_size),
    })),
  };
}
