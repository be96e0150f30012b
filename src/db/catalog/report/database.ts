import type { Reader } from './read.js';
import { iso } from './statements.js';
import type { DatabaseInfo } from './types.js';

/** This database, the server clock, and how old its statistics are. */
export async function readDatabaseInfo(q: Reader): Promise<DatabaseInfo> {
  const rows = await q<Record<string, unknown>>(
    `SELECT d.datname AS name, current_user AS role, d.oid::int8 AS oid, pg_catalog.current_setting('server_version_num') AS version_num,
            pg_catalog.now() AS now, s.stats_reset, pg_catalog.pg_postmaster_start_time() AS postmaster_start,
            pg_catalog.current_setting('block_size') AS block_size
       FROM pg_catalog.pg_database d
       LEFT JOIN pg_catalog.pg_stat_database s ON s.datid = d.oid
      WHERE d.datname = pg_catalog.current_database()`,
  );
  const r = rows[0]!;
  return {
    name: String(r.name),
    role: String(r.role),
    oid: Number(r.oid),
    serverVersionNum: Number(r.version_num),
    now: iso(r.now)!,
    statsReset: iso(r.stats_reset),
    postmasterStart: iso(r.postmaster_start)!,
    blockSize: Number(r.block_size),
  };
}
