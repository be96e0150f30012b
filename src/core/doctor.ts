import type { ServerFacts } from '../db/catalog/server.js';
import type { ProbedCommand, ProbeResults } from '../db/probes.js';
import type { PoolSettings } from '../db/settings.js';

export type Status = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  id: string;
  status: Status;
  summary: string;
  /** The one thing to do, when status is not ok. */
  fix?: string;
}

export interface Capability {
  command: string;
  ok: boolean;
  /** Why not, and the one thing to do. */
  fix?: string;
}

export interface DoctorInput {
  facts: ServerFacts;
  ownership: { total: number; owned: number; notOwned: string[] };
  settings: PoolSettings;
  applicationName: string;
  /** What the commands' own reads said on the spec's tables (absent without a spec: not probed). */
  probes?: ProbeResults;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  capabilities: Capability[];
}

/** Decide, from facts read once, what works on this server and what to do about the rest. Pure. */
export function assess(input: DoctorInput): DoctorReport {
  const { facts, ownership, settings } = input;
  const probes = input.probes ?? {};
  const checks: DoctorCheck[] = [];
  const major = Math.floor(facts.versionNum / 10000);
  const pgss = facts.extensions.find((e) => e.name === 'pg_stat_statements')!;
  const hypopg = facts.extensions.find((e) => e.name === 'hypopg')!;
  const preloaded = facts.preloadLibraries?.includes('pg_stat_statements') ?? false;
  const canReadStats = facts.superuser || facts.roles.pg_read_all_stats || facts.roles.pg_monitor;

  checks.push(
    major < 13
      ? { id: 'server-version', status: 'fail', summary: `PostgreSQL ${major} is older than perfctl supports (13+)`, fix: 'Upgrade the server.' }
      : facts.versionNum >= 140000 && facts.versionNum < 140004
        ? { id: 'server-version', status: 'warn', summary: `PostgreSQL ${versionText(facts.versionNum)}: CREATE INDEX CONCURRENTLY can corrupt indexes on 14.0–14.3`, fix: 'Upgrade to 14.4 or later before building indexes.' }
        : { id: 'server-version', status: 'ok', summary: `PostgreSQL ${versionText(facts.versionNum)}` },
  );
  checks.push(
    facts.inRecovery
      ? { id: 'primary', status: 'warn', summary: 'a replica (read-only): indexes cannot be built here', fix: 'Run indexes apply against the primary.' }
      : { id: 'primary', status: 'ok', summary: 'a primary (accepts writes)' },
  );
  checks.push({
    id: 'role',
    status: facts.superuser || canReadStats ? 'ok' : 'warn',
    summary: `role ${facts.user}${facts.superuser ? ' (superuser)' : ''}; ${roleList(facts)}`,
    fix: facts.superuser || canReadStats ? undefined : `GRANT pg_monitor TO ${facts.user}; (statistics and other users' query texts)`,
  });
  checks.push(
    facts.preloadLibraries === null && !pgss.installedVersion
      ? { id: 'pg-stat-statements', status: 'warn', summary: 'cannot tell whether pg_stat_statements is preloaded (shared_preload_libraries is hidden from this role) and it is not installed here', fix: `CREATE EXTENSION pg_stat_statements; or GRANT pg_read_all_settings TO ${facts.user};` }
      : !preloaded
      ? { id: 'pg-stat-statements', status: 'warn', summary: 'pg_stat_statements is not in shared_preload_libraries', fix: "Add it: shared_preload_libraries = 'pg_stat_statements', then restart the server." }
      : !pgss.installedVersion
        ? { id: 'pg-stat-statements', status: 'warn', summary: 'pg_stat_statements is preloaded but not installed in this database', fix: 'CREATE EXTENSION pg_stat_statements;' }
        : { id: 'pg-stat-statements', status: 'ok', summary: `pg_stat_statements ${pgss.installedVersion} (schema ${pgss.schema})` },
  );
  checks.push(
    hypopg.installedVersion
      ? { id: 'hypopg', status: 'ok', summary: `hypopg ${hypopg.installedVersion} installed` }
      : hypopg.available
        ? { id: 'hypopg', status: 'warn', summary: 'hypopg is available but not installed', fix: 'CREATE EXTENSION hypopg; (hypothetical indexes for advise)' }
        : { id: 'hypopg', status: 'warn', summary: 'hypopg is not available on this server', fix: 'Install the hypopg package for this PostgreSQL version (e.g. postgresql-NN-hypopg).' },
  );
  checks.push(
    ownership.total === 0
      ? { id: 'table-ownership', status: 'warn', summary: 'no tables found in the relevant schemas' }
      : ownership.notOwned.length === 0 || facts.superuser
        ? { id: 'table-ownership', status: 'ok', summary: `owns ${facts.superuser ? ownership.total : ownership.owned} of ${ownership.total} tables (index builds need ownership)` }
        : {
            id: 'table-ownership',
            status: 'warn',
            summary: `owns ${ownership.owned} of ${ownership.total} tables; not ${ownership.notOwned.slice(0, 3).join(', ')}${ownership.notOwned.length > 3 ? ', …' : ''}`,
            fix: 'Run index builds as the tables\' owner (or a role that is a member of it).',
          },
  );
  checks.push(...sessionChecks(input));
  const ownsAll = facts.superuser || (ownership.total > 0 && ownership.notOwned.length === 0);
  const statementsOk = preloaded && Boolean(pgss.installedVersion) && canReadStats;
  const statementsFix = !preloaded ? 'Add pg_stat_statements to shared_preload_libraries and restart.' : !pgss.installedVersion ? 'CREATE EXTENSION pg_stat_statements;' : !canReadStats ? `GRANT pg_monitor TO ${facts.user};` : undefined;
  const capabilities: Capability[] = [
    { command: 'validate', ok: true },
    { command: 'doctor', ok: true },
    // Definitions are compared through a temporary table, which a hot standby cannot create.
    probed(input, 'indexes plan', facts.inRecovery ? 'Connect to the primary (plan compares definitions through a temporary table).' : undefined),
    {
      command: 'indexes apply',
      ok: !facts.inRecovery && ownsAll && major >= 13 && !probes['indexes plan'],
      fix: facts.inRecovery ? 'Connect to the primary.' : !ownsAll ? 'Connect as the owner of the spec\'s tables.' : probeFix(input, 'indexes plan'),
    },
    probed(input, 'explain', undefined),
    probed(input, 'check', facts.inRecovery ? 'Connect to the primary (the drift check compares definitions through a temporary table).' : undefined),
    {
      command: 'report',
      ok: statementsOk,
      fix: statementsFix,
    },
    // init reads the catalog only (a standby will do); --queries reads pg_stat_statements like report.
    { command: 'init --from-db', ok: true },
    { command: 'init --queries', ok: statementsOk, fix: statementsFix },
    { command: 'advise', ok: Boolean(hypopg.installedVersion), fix: hypopg.installedVersion ? undefined : hypopg.available ? 'CREATE EXTENSION hypopg;' : 'Install hypopg on the server.' },
  ];
  void settings;
  return { checks, capabilities };
}

/** A command doctor ran the first reads of: it can run unless those were refused (or `blocked` says why not). */
function probed(input: DoctorInput, command: ProbedCommand, blocked: string | undefined): Capability {
  if (blocked) return { command, ok: false, fix: blocked };
  const fix = probeFix(input, command);
  return fix ? { command, ok: false, fix } : { command, ok: true };
}

function probeFix(input: DoctorInput, command: ProbedCommand): string | undefined {
  const problem = input.probes?.[command];
  return problem && `${problem}; GRANT SELECT ON the spec's tables TO ${input.facts.user}, or connect as their owner.`;
}

/** The settings perfctl asked for must be the ones in force (a pooler may drop startup options). */
function sessionChecks(input: DoctorInput): DoctorCheck[] {
  const s = input.facts.session;
  const expected: Array<[string, string]> = [
    ['application_name', input.applicationName],
    ['jit', 'off'],
    ['statement_timeout', pgDuration(input.settings.queryTimeout)],
    ['lock_timeout', pgDuration(input.settings.lockTimeout)],
    ['idle_in_transaction_session_timeout', pgDuration(input.settings.idleInTransactionTimeout)],
    ['transaction_isolation', 'read committed'],
  ];
  const wrong = expected.filter(([name, value]) => s[name] !== value);
  if (wrong.length === 0) {
    return [{ id: 'session-settings', status: 'ok', summary: `session settings in force: ${expected.map(([n]) => `${n}=${s[n]}`).join(', ')}` }];
  }
  return [
    {
      id: 'session-settings',
      status: 'warn',
      summary: `settings not in force: ${wrong.map(([n, v]) => `${n} is ${s[n]}, expected ${v}`).join('; ')}`,
      fix: 'A connection pooler may be dropping startup options; connect directly or set them on the role (ALTER ROLE ... SET).',
    },
  ];
}

/** How PostgreSQL's SHOW prints a millisecond setting. */
export function pgDuration(ms: number): string {
  if (ms === 0) return '0';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}min`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export function versionText(num: number): string {
  const major = Math.floor(num / 10000);
  return `${major}.${num % 10000}`;
}

function roleList(facts: ServerFacts): string {
  const held = Object.entries(facts.roles).filter(([, v]) => v).map(([k]) => k);
  return held.length ? `member of ${held.join(', ')}` : 'no monitoring roles';
}
