/**
 * Name resolution. Every perfctl session starts with search_path =
 * pg_catalog, pg_temp (SESSION_OPTIONS): perfctl's own catalog SQL then means
 * what it says whatever the database's owner put on the path (an `evil.=`
 * for (oid, oid) ahead of pg_catalog would otherwise run, as whoever runs
 * perfctl, on every comparison). Definitions read back (pg_get_indexdef,
 * pg_get_expr) name objects outside pg_catalog with their schema.
 *
 * SQL the user wrote (a statement to explain, a sample query, an index
 * expression, predicate or operator class) names their objects as their
 * application does: it runs with the role's or database's search_path (as
 * ALTER ROLE/DATABASE ... SET gave it; "$user", public otherwise) behind
 * pg_catalog, so built-in operators and functions cannot be captured.
 */
const ROLE_OR_DATABASE_PATH = `(SELECT pg_catalog.substr(s.setting, 13)
   FROM pg_catalog.pg_db_role_setting d
  CROSS JOIN LATERAL pg_catalog.unnest(d.setconfig) AS s(setting)
  WHERE pg_catalog.starts_with(s.setting, 'search_path=')
    AND d.setrole OPERATOR(pg_catalog.=) ANY (ARRAY[(SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER), 0::pg_catalog.oid])
    AND d.setdatabase OPERATOR(pg_catalog.=) ANY (ARRAY[(SELECT b.oid FROM pg_catalog.pg_database b WHERE b.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()), 0::pg_catalog.oid])
  ORDER BY d.setrole OPERATOR(pg_catalog.<>) 0::pg_catalog.oid AND d.setdatabase OPERATOR(pg_catalog.<>) 0::pg_catalog.oid DESC,
           d.setrole OPERATOR(pg_catalog.<>) 0::pg_catalog.oid DESC
  LIMIT 1)`;

/** search_path for the user's own SQL: pg_catalog first, then the role's or database's path. */
export function userSearchPathSql(local: boolean): string {
  return `SELECT pg_catalog.set_config('search_path', pg_catalog.concat_ws(', ', 'pg_catalog', NULLIF(COALESCE(${ROLE_OR_DATABASE_PATH}, '"$user", public'), '')), ${local})`;
}

/** Back to perfctl's own path inside a transaction, e.g. before reading definitions back. */
export const CATALOG_SEARCH_PATH_LOCAL = `SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true)`;

/** For SQL files loaded into a fresh embedded server (schema, seed, demo world): PostgreSQL's default. */
export const DEFAULT_SEARCH_PATH = `SET search_path = "$user", public`;
