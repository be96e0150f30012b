import type pg from 'pg';
import type { TableStats } from '../../core/explain/types.js';

/**
 * What pg_stat_user_tables says of the relations a plan names. EXPLAIN prints names
 * unqualified, so they are resolved through the search_path, as the planner did
 * (the user's, see search-path.ts): every operator here is pg_catalog's, by name.
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
    // The pg_stat_get_* functions behind pg_stat_user_tables, called directly: on the fresh
    // connection explain uses, planning the view costs several milliseconds of catalog lookups.
    `SELECT n.nspname AS schema, c.relname AS name,
            pg_catalog.pg_stat_get_live_tuples(c.oid) AS live, c.reltuples::pg_catalog.float8 AS reltuples,
            pg_catalog.pg_stat_get_mod_since_analyze(c.oid) AS mods,
            pg_catalog.to_char(pg_catalog.pg_stat_get_last_analyze_time(c.oid), 'YYYY-MM-DD HH24:MI:SSOF') AS last_analyze,
            pg_catalog.to_char(pg_catalog.pg_stat_get_last_autoanalyze_time(c.oid), 'YYYY-MM-DD HH24:MI:SSOF') AS last_autoanalyze
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
      WHERE c.oid OPERATOR(pg_catalog.=) ANY (SELECT pg_catalog.to_regclass(pg_catalog.quote_ident(r)) FROM pg_catalog.unnest($1::pg_catalog.text[]) AS r)
        AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,m,p}'::pg_catalog."char"[])
        AND n.nspname OPERATOR(pg_catalog.<>) ALL ('{pg_catalog,information_schema}'::pg_catalog.name[])
        AND n.nspname OPERATOR(pg_catalog.!~) '^pg_toast'`,
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
