import type pg from 'pg';
import type { TableStats } from '../../core/explain/types.js';

/**
 * pg_stat_user_tables for the relations a plan names. EXPLAIN prints names
 * unqualified, so they are resolved through the search_path, as the planner did.
 */
export async function readTableStats(client: pg.ClientBase, relations: string[]): Promise<TableStats[]> {
  if (relations.length === 0) return [];
  const result = await client.query<{
    schema: string;
    name: string;
    live: string;
    reltuples: number;
    mods: string;
    last_analyze: string | null;
    last_autoanalyze: string | null;
  }>(
    `SELECT s.schemaname AS schema, s.relname AS name, s.n_live_tup AS live, c.reltuples::float8 AS reltuples,
            s.n_mod_since_analyze AS mods,
            pg_catalog.to_char(s.last_analyze, 'YYYY-MM-DD HH24:MI:SSOF') AS last_analyze,
            pg_catalog.to_char(s.last_autoanalyze, 'YYYY-MM-DD HH24:MI:SSOF') AS last_autoanalyze
       FROM pg_catalog.pg_stat_user_tables s
       JOIN pg_catalog.pg_class c ON c.oid = s.relid
      WHERE s.relid IN (SELECT pg_catalog.to_regclass(pg_catalog.quote_ident(r)) FROM pg_catalog.unnest($1::text[]) AS r)`,
    [relations],
  );
  return result.rows.map((r) => ({
    schema: r.schema,
    name: r.name,
    liveTuples: Number(r.live),
    reltuples: Number(r.reltuples),
    modsSinceAnalyze: Number(r.mods),
    lastAnalyze: r.last_analyze,
    lastAutoanalyze: r.last_autoanalyze,
  }));
}
