import { quoteIdent } from '../../util/text.js';
import type { Database } from '../pool.js';

/** Facts about the server and the role, read in one round trip. */
export interface ServerFacts {
  versionNum: number;
  version: string;
  inRecovery: boolean;
  user: string;
  superuser: boolean;
  roles: { pg_monitor: boolean; pg_read_all_stats: boolean; pg_maintain: boolean };
  database: string;
  /** null when this role may not see the setting and the probe could not tell. */
  preloadLibraries: string[] | null;
  extensions: Array<{ name: string; installedVersion: string | null; schema: string | null; available: boolean }>;
  maxConnections: number;
  /** Whether this very session is encrypted (pg_stat_ssl), not what was asked for. */
  ssl: boolean;
  /** Settings as this pooled session sees them (what perfctl's sessions actually run with). */
  session: Record<string, string>;
}

const SESSION_SETTINGS = ['application_name', 'jit', 'statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'transaction_isolation', 'search_path'];

export async function readServerFacts(db: Database): Promise<ServerFacts> {
  const rows = await db.query<{
    version_num: string;
    version: string;
    in_recovery: boolean;
    usr: string;
    superuser: boolean;
    pg_monitor: boolean;
    pg_read_all_stats: boolean;
    pg_maintain: boolean;
    db: string;
    preload: string | null;
    max_connections: string;
    ssl: boolean;
    extensions: Array<{ name: string; installed_version: string | null; schema: string | null; available: boolean }>;
    session: Record<string, string>;
  }>(
    `SELECT pg_catalog.current_setting('server_version_num') AS version_num,
            pg_catalog.version() AS version,
            pg_catalog.pg_is_in_recovery() AS in_recovery,
            current_user AS usr,
            r.rolsuper AS superuser,
            pg_catalog.pg_has_role(current_user, 'pg_monitor', 'MEMBER') AS pg_monitor,
            pg_catalog.pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') AS pg_read_all_stats,
            EXISTS (SELECT 1 FROM pg_catalog.pg_roles m WHERE m.rolname = 'pg_maintain'
                    AND pg_catalog.pg_has_role(current_user, m.oid, 'MEMBER')) AS pg_maintain,
            pg_catalog.current_database() AS db,
            -- Hidden from roles without pg_read_all_settings: NULL then, and probed below.
            (SELECT setting FROM pg_catalog.pg_settings WHERE name = 'shared_preload_libraries') AS preload,
            pg_catalog.current_setting('max_connections') AS max_connections,
            COALESCE((SELECT s.ssl FROM pg_catalog.pg_stat_ssl s WHERE s.pid = pg_catalog.pg_backend_pid()), false) AS ssl,
            (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                      'name', a.name, 'installed_version', e.extversion, 'schema', n.nspname, 'available', true))
               FROM pg_catalog.pg_available_extensions a
               LEFT JOIN pg_catalog.pg_extension e ON e.extname = a.name
               LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
              WHERE a.name = ANY($1)) AS extensions,
            (SELECT pg_catalog.json_object_agg(s.name, pg_catalog.current_setting(s.name))
               FROM pg_catalog.unnest($2::text[]) AS s(name)) AS session
       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`,
    [['pg_stat_statements', 'hypopg'], SESSION_SETTINGS],
    'reading server facts',
  );
  const row = rows[0]!;
  const known = new Map((row.extensions ?? []).map((e) => [e.name, e]));
  return {
    versionNum: Number(row.version_num),
    version: row.version,
    inRecovery: row.in_recovery,
    user: row.usr,
    superuser: row.superuser,
    roles: { pg_monitor: row.pg_monitor, pg_read_all_stats: row.pg_read_all_stats, pg_maintain: row.pg_maintain },
    database: row.db,
    preloadLibraries: row.preload === null ? await probePreload(db, known.get('pg_stat_statements')?.schema ?? null) : row.preload.split(',').map((s) => s.trim().replace(/^"|"$/g, '')).filter(Boolean),
    maxConnections: Number(row.max_connections),
    ssl: row.ssl,
    extensions: ['pg_stat_statements', 'hypopg'].map((name) => {
      const e = known.get(name);
      return { name, installedVersion: e?.installed_version ?? null, schema: e?.schema ?? null, available: Boolean(e) };
    }),
    session: row.session,
  };
}

/** Without sight of shared_preload_libraries, reading the view tells whether the module is loaded (55000 if not). */
async function probePreload(db: Database, schema: string | null): Promise<string[] | null> {
  if (!schema) return null;
  try {
    await db.query(`SELECT 1 FROM ${quoteIdent(schema)}.pg_stat_statements LIMIT 0`, [], 'probing pg_stat_statements');
    return ['pg_stat_statements'];
  } catch (error) {
    return /must be loaded via "shared_preload_libraries"/.test((error as Error).message) ? [] : null;
  }
}

/** Tables of the given (schema, table) pairs, or of all user schemas, and whether this role owns them. */
export async function readTableOwnership(db: Database, tables?: Array<{ schema: string; table: string }>): Promise<{ total: number; owned: number; notOwned: string[] }> {
  const rows = await db.query<{ name: string; owned: boolean }>(
    `SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS name,
            pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE') AS owned
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'm')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND ($1::text[] IS NULL OR (n.nspname || '.' || c.relname) = ANY($1))
      ORDER BY 1`,
    [tables ? tables.map((t) => `${t.schema}.${t.table}`) : null],
    'reading table ownership',
  );
  const notOwned = rows.filter((r) => !r.owned).map((r) => r.name);
  return { total: rows.length, owned: rows.length - notOwned.length, notOwned };
}
