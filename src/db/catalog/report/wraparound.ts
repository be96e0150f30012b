import type { Reader } from './read.js';
import { iso } from './statements.js';
import type { WraparoundData } from './types.js';

/**
 * Transaction ID and multixact ages: every database's (pg_database is
 * readable by everyone), and every table's and TOAST table's in this one, with
 * the freeze settings that apply to it (a table's own
 * autovacuum_freeze_max_age may only lower the server's), the last vacuum,
 * and the vacuum running on it now (pg_stat_progress_vacuum; another role's
 * needs pg_read_all_stats, part of pg_monitor).
 */
export async function readWraparound(q: Reader): Promise<WraparoundData> {
  const [settings] = await q<Record<string, unknown>>(
    `SELECT pg_catalog.current_setting('autovacuum_freeze_max_age')::int8 AS freeze_max_age,
            pg_catalog.current_setting('autovacuum_multixact_freeze_max_age')::int8 AS multixact_freeze_max_age`,
  );
  const databases = await q<Record<string, unknown>>(
    `SELECT d.datname AS name, pg_catalog.age(d.datfrozenxid) AS xid_age, pg_catalog.mxid_age(d.datminmxid) AS mxid_age, d.datallowconn AS allow_connections
       FROM pg_catalog.pg_database d ORDER BY 2 DESC`,
  );
  const tables = await q<Record<string, unknown>>(
    `SELECT COALESCE(owner_ns.nspname, n.nspname) AS schema, COALESCE(owner.relname, c.relname) AS name, c.relkind = 't' AS toast,
            pg_catalog.age(c.relfrozenxid) AS xid_age, pg_catalog.mxid_age(c.relminmxid) AS mxid_age,
            (SELECT pg_catalog.split_part(o, '=', 2)::int8 FROM pg_catalog.unnest(c.reloptions) o WHERE o LIKE 'autovacuum_freeze_max_age=%') AS freeze_max_age,
            (SELECT pg_catalog.split_part(o, '=', 2)::int8 FROM pg_catalog.unnest(c.reloptions) o WHERE o LIKE 'autovacuum_multixact_freeze_max_age=%') AS multixact_freeze_max_age,
            c.relpages, GREATEST(s.last_vacuum, s.last_autovacuum) AS last_vacuum,
            p.phase, p.heap_blks_total, p.heap_blks_scanned, a.query LIKE '%(to prevent wraparound)%' AS anti_wraparound
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_class owner ON c.relkind = 't' AND owner.reltoastrelid = c.oid
       LEFT JOIN pg_catalog.pg_namespace owner_ns ON owner_ns.oid = owner.relnamespace
       LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid
       LEFT JOIN pg_catalog.pg_stat_progress_vacuum p ON p.relid = c.oid AND p.datid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
       LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = p.pid
      WHERE c.relkind IN ('r', 'm', 't') AND c.relfrozenxid <> '0'::xid
        AND NOT pg_catalog.pg_is_other_temp_schema(n.oid)
      ORDER BY 4 DESC`,
  );
  return {
    freezeMaxAge: Number(settings!.freeze_max_age),
    multixactFreezeMaxAge: Number(settings!.multixact_freeze_max_age),
    databases: databases.map((r) => ({ name: String(r.name), xidAge: Number(r.xid_age), mxidAge: Number(r.mxid_age), allowConnections: Boolean(r.allow_connections) })),
    tables: tables.map((r) => ({
      schema: String(r.schema),
      name: String(r.name),
      toast: Boolean(r.toast),
      xidAge: Number(r.xid_age),
      mxidAge: Number(r.mxid_age),
      freezeMaxAge: r.freeze_max_age === null ? null : Number(r.freeze_max_age),
      multixactFreezeMaxAge: r.multixact_freeze_max_age === null ? null : Number(r.multixact_freeze_max_age),
      pages: Number(r.relpages),
      lastVacuum: iso(r.last_vacuum),
      vacuum: r.phase === null || r.phase === undefined ? null : { phase: String(r.phase), heapBlocksTotal: Number(r.heap_blks_total), heapBlocksScanned: Number(r.heap_blks_scanned), antiWraparound: r.anti_wraparound === true },
    })),
  };
}
