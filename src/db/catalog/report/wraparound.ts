import type { Reader } from './read.js';
import type { WraparoundData } from './types.js';

/**
 * Transaction ID age, the clock of wraparound: per database (datfrozenxid)
 * and for the oldest tables (relfrozenxid), with the autovacuum_freeze_max_age
 * each one answers to (a table's own storage parameter first), and the
 * progress of a vacuum running on it now (pg_stat_progress_vacuum).
 */
export async function readWraparound(q: Reader): Promise<WraparoundData> {
  const [row] = await q<{ freeze_max_age: string; databases: Array<{ name: string; xid_age: number; mxid_age: number }>; tables: WraparoundData['tables'] | null }>(
    `SELECT pg_catalog.current_setting('autovacuum_freeze_max_age') AS freeze_max_age,
            (SELECT pg_catalog.json_agg(d ORDER BY d.xid_age DESC) FROM (
               SELECT datname AS name, pg_catalog.age(datfrozenxid) AS xid_age, pg_catalog.mxid_age(datminmxid) AS mxid_age
                 FROM pg_catalog.pg_database WHERE datallowconn) d) AS databases,
            (SELECT pg_catalog.json_agg(t ORDER BY t."xidAge" DESC) FROM (
               SELECT n.nspname AS schema, c.relname AS name, pg_catalog.age(c.relfrozenxid) AS "xidAge", pg_catalog.mxid_age(c.relminmxid) AS "mxidAge",
                      COALESCE((SELECT o.option_value::bigint FROM pg_catalog.pg_options_to_table(c.reloptions) o WHERE o.option_name = 'autovacuum_freeze_max_age'),
                               pg_catalog.current_setting('autovacuum_freeze_max_age')::bigint) AS "freezeMaxAge",
                      p.phase AS "vacuumPhase", p.heap_blks_total AS "heapBlocks", p.heap_blks_scanned AS "heapBlocksScanned"
                 FROM pg_catalog.pg_class c
                 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 LEFT JOIN pg_catalog.pg_stat_progress_vacuum p ON p.relid = c.oid
                WHERE c.relkind IN ('r', 'm') AND c.relfrozenxid <> '0'::xid
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
                ORDER BY pg_catalog.age(c.relfrozenxid) DESC LIMIT 20) t) AS tables`,
  );
  return {
    freezeMaxAge: Number(row!.freeze_max_age),
    databases: (row!.databases ?? []).map((d) => ({ name: d.name, xidAge: Number(d.xid_age), mxidAge: Number(d.mxid_age) })),
    tables: (row!.tables ?? []).map((t) => ({ ...t, xidAge: Number(t.xidAge), mxidAge: Number(t.mxidAge), freezeMaxAge: Number(t.freezeMaxAge) })),
  };
}
