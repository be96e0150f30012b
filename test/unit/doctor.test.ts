import { describe, expect, it } from 'vitest';
import { assess, pgDuration } from '../../src/core/doctor.js';
import type { ServerFacts } from '../../src/db/catalog/server.js';
import { DEFAULT_POOL } from '../../src/db/settings.js';

const facts = (over: Partial<ServerFacts> = {}): ServerFacts => ({
  versionNum: 180004,
  version: 'PostgreSQL 18.4',
  inRecovery: false,
  user: 'app',
  superuser: false,
  roles: { pg_monitor: true, pg_read_all_stats: true, pg_maintain: false },
  database: 'app',
  preloadLibraries: ['pg_stat_statements'],
  extensions: [
    { name: 'pg_stat_statements', installedVersion: '1.11', schema: 'public', available: true },
    { name: 'hypopg', installedVersion: null, schema: null, available: false },
  ],
  maxConnections: 100,
  ssl: false,
  session: {
    application_name: 'perfctl/doctor',
    jit: 'off',
    statement_timeout: '1min',
    lock_timeout: '5s',
    idle_in_transaction_session_timeout: '1min',
    transaction_isolation: 'read committed',
  },
  ...over,
});
const input = (f: ServerFacts, notOwned: string[] = []) => ({ facts: f, ownership: { total: 4, owned: 4 - notOwned.length, notOwned }, settings: DEFAULT_POOL, applicationName: 'perfctl/doctor' });
const check = (r: ReturnType<typeof assess>, id: string) => r.checks.find((c) => c.id === id)!;
const cap = (r: ReturnType<typeof assess>, command: string) => r.capabilities.find((c) => c.command === command)!;

describe('doctor assessment', () => {
  it('is all green on a healthy primary', () => {
    const r = assess(input(facts()));
    expect(r.checks.filter((c) => c.status !== 'ok').map((c) => c.id)).toEqual(['hypopg']);
    expect(cap(r, 'report').ok).toBe(true);
    expect(cap(r, 'indexes apply').ok).toBe(true);
  });
  it('flags PostgreSQL 14.0–14.3 for concurrent index builds', () => {
    expect(check(assess(input(facts({ versionNum: 140002 }))), 'server-version')).toMatchObject({ status: 'warn', fix: expect.stringMatching(/14\.4/) });
    expect(check(assess(input(facts({ versionNum: 140004 }))), 'server-version').status).toBe('ok');
  });
  it('says a replica cannot build indexes', () => {
    const r = assess(input(facts({ inRecovery: true })));
    expect(cap(r, 'indexes apply')).toMatchObject({ ok: false, fix: 'Connect to the primary.' });
  });
  it('says how to get pg_stat_statements', () => {
    expect(cap(assess(input(facts({ preloadLibraries: [] }))), 'report').fix).toMatch(/shared_preload_libraries/);
    const installedNot = facts({ extensions: [{ name: 'pg_stat_statements', installedVersion: null, schema: null, available: true }, { name: 'hypopg', installedVersion: null, schema: null, available: true }] });
    expect(cap(assess(input(installedNot)), 'report').fix).toBe('CREATE EXTENSION pg_stat_statements;');
    expect(cap(assess(input(installedNot)), 'init --queries')).toEqual({ command: 'init --queries', ok: false, fix: 'CREATE EXTENSION pg_stat_statements;' });
    expect(cap(assess(input(installedNot)), 'init --from-db').ok).toBe(true);
    expect(cap(assess(input(installedNot)), 'advise').fix).toBe('CREATE EXTENSION hypopg;');
  });
  it('notices settings a pooler dropped', () => {
    const r = assess(input(facts({ session: { ...facts().session, jit: 'on', statement_timeout: '0' } })));
    expect(check(r, 'session-settings')).toMatchObject({ status: 'warn', summary: expect.stringMatching(/jit is on, expected off; statement_timeout is 0, expected 1min/) });
  });
  it('names tables the role does not own', () => {
    const r = assess(input(facts(), ['public.orders']));
    expect(check(r, 'table-ownership').summary).toMatch(/owns 3 of 4 tables; not public\.orders/);
    expect(cap(r, 'indexes apply').ok).toBe(false);
  });
  it('says a command cannot run when its own first reads were refused, and how to fix it', () => {
    const r = assess({ ...input(facts()), probes: { check: 'reading index readiness: permission denied for table ledger', 'indexes plan': 'checking the spec indexes against the database: permission denied for table ledger' } });
    expect(cap(r, 'check')).toEqual({ command: 'check', ok: false, fix: "reading index readiness: permission denied for table ledger; GRANT SELECT ON the spec's tables TO app, or connect as their owner." });
    expect(cap(r, 'indexes apply')).toMatchObject({ ok: false, fix: expect.stringMatching(/^checking the spec indexes/) });
    expect(cap(r, 'explain')).toEqual({ command: 'explain', ok: true });
  });
  it('prints durations the way SHOW does', () => {
    expect([0, 500, 5000, 60000, 3600000].map(pgDuration)).toEqual(['0', '500ms', '5s', '1min', '1h']);
  });
});
