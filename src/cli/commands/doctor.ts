import { assess, pgDuration, type DoctorReport } from '../../core/doctor.js';
import { readServerFacts, readTableOwnership, type ServerFacts } from '../../db/catalog/server.js';
import { probeCommands } from '../../db/probes.js';
import { poolMax, type PoolSettings } from '../../db/settings.js';
import { describeTarget } from '../../db/target.js';
import type { Context } from '../context.js';
import { JSON_VERSION } from '../run.js';

/** `perfctl doctor`: connect once and say what works here and what to do about the rest. */
export async function doctorCommand(ctx: Context): Promise<number> {
  const spec = await ctx.loadSpecIfPresent();
  const db = await ctx.openDatabase('doctor', spec);
  const facts = await readServerFacts(db);
  const tables = spec ? [...new Map(spec.indexes.map((i) => [`${i.schema}.${i.table}`, { schema: i.schema, table: i.table }])).values()] : undefined;
  const ownership = await readTableOwnership(db, tables);
  // The commands' own first reads, on the spec's tables: "can run here" is what they said.
  const probes = spec && !facts.inRecovery ? await probeCommands(db, spec) : undefined;
  const report = assess({ facts, ownership, settings: db.settings, applicationName: db.applicationName, probes });
  const connection = {
    target: describeTarget(db.target),
    user: db.target.user,
    source: db.target.source,
    sslmode: db.target.sslmode,
    tls: facts.ssl,
  };
  const failed = report.checks.some((c) => c.status === 'fail');
  if (ctx.options.json) {
    ctx.out.json({
      version: JSON_VERSION,
      connection,
      server: { version_num: facts.versionNum, version: facts.version, in_recovery: facts.inRecovery, database: facts.database, max_connections: facts.maxConnections },
      role: { name: facts.user, superuser: facts.superuser, ...facts.roles },
      pool: poolJson(db.settings),
      session_settings: facts.session,
      checks: report.checks,
      capabilities: report.capabilities,
    });
    return failed ? 1 : 0;
  }
  render(ctx, connection, facts, db.settings, report);
  return failed ? 1 : 0;
}

function poolJson(s: PoolSettings) {
  return {
    size: s.size,
    max_overflow: s.maxOverflow,
    max: poolMax(s),
    timeout_ms: s.timeout,
    query_timeout_ms: s.queryTimeout,
    recycle_ms: s.recycle,
    lock_timeout_ms: s.lockTimeout,
    idle_in_transaction_timeout_ms: s.idleInTransactionTimeout,
    connect_timeout_ms: s.connectTimeout,
  };
}

function render(ctx: Context, connection: { target: string; user: string; source: string; sslmode: string; tls: boolean }, facts: ServerFacts, s: PoolSettings, report: DoctorReport): void {
  const t = ctx.theme;
  const mark = { ok: t.ok('✓'), warn: t.warn('!'), fail: t.error('✗') };
  ctx.out.print(t.bold('Connection'));
  ctx.out.print(`  ${connection.target} as ${connection.user} (from ${connection.source}; sslmode=${connection.sslmode}, ${connection.tls ? 'TLS' : 'no TLS'})`);
  ctx.out.print(`  ${facts.version.split(' on ')[0]}, max_connections ${facts.maxConnections}`);
  ctx.out.print('');
  ctx.out.print(t.bold('Pool'));
  ctx.out.print(
    `  size ${s.size} + overflow ${s.maxOverflow} = max ${poolMax(s)}; wait ${pgDuration(s.timeout)}, statement_timeout ${pgDuration(s.queryTimeout)}, ` +
      `lock_timeout ${pgDuration(s.lockTimeout)}, recycle ${pgDuration(s.recycle)}, connect ${pgDuration(s.connectTimeout)}`,
  );
  ctx.out.print('');
  ctx.out.print(t.bold('Checks'));
  for (const check of report.checks) {
    ctx.out.print(`  ${mark[check.status]} ${check.summary}`);
    if (check.fix) ctx.out.print(`    ${t.dim(`→ ${check.fix}`)}`);
  }
  ctx.out.print('');
  ctx.out.print(t.bold('Commands'));
  const width = Math.max(...report.capabilities.map((c) => c.command.length));
  for (const cap of report.capabilities) {
    ctx.out.print(`  ${cap.ok ? mark.ok : mark.warn} ${cap.command.padEnd(width)}  ${cap.ok ? t.dim('can run here') : cap.fix ?? ''}`);
  }
}
