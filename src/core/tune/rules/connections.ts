import { settingChange, type TuneRule } from '../recommend.js';
import { settingNumber } from '../units.js';
import type { Recommendation, TuneInput } from '../types.js';

/** Past about this many server connections per core, more connections add contention, not throughput. */
const CONNECTIONS_PER_CORE = 8;

/**
 * The pools that use the server must fit in max_connections less the slots
 * kept for superusers (and pg_use_reserved_connections on 16+), or the last
 * instances to grow their pool get "too many clients" under load.
 */
export const connections: TuneRule = {
  id: 'connections',
  summary: 'max_connections against the pools that use it (pool max × --instances), and when a pooler is the answer',
  check(input) {
    const max = settingNumber(input.facts.settings.max_connections);
    if (max === undefined) return 'max_connections could not be read';
    const reserved = (settingNumber(input.facts.settings.superuser_reserved_connections) ?? 3) + (settingNumber(input.facts.settings.reserved_connections) ?? 0);
    const { size, maxOverflow, instances } = input.pool;
    const demand = (size + maxOverflow) * instances;
    const usable = max - reserved;
    const out: Recommendation[] = [];
    if (demand > usable) {
      const proposed = Math.ceil((demand + reserved) * 1.1);
      out.push(
        settingChange(input, {
          id: 'max-connections',
          setting: 'max_connections',
          proposed: String(proposed),
          message: `${instances} instance(s) × pool max ${size + maxOverflow} (DB_POOL_SIZE ${size} + DB_MAX_OVERFLOW ${maxOverflow}) = ${demand} connections, but only ${usable} of max_connections ${max} are open to them`,
          evidence: { pool_size: size, max_overflow: maxOverflow, instances, demand, max_connections: max, reserved, connections_now: input.facts.connections.current },
          risk: 'each connection costs memory (work_mem per node, plus its own); lowering DB_MAX_OVERFLOW, or a pooler, is often the better fix',
          help: `Lower DB_MAX_OVERFLOW (or DB_POOL_SIZE) so that ${instances} × pool max ≤ ${usable}, or ALTER SYSTEM SET max_connections = '${proposed}'; and restart.`,
        }),
      );
    }
    const pooler = poolerAdvice(input, demand);
    if (pooler) out.push(pooler);
    return out;
  },
};

function poolerAdvice(input: TuneInput, demand: number): Recommendation | undefined {
  const cpus = input.machine.cpus;
  if (!cpus || demand <= cpus * CONNECTIONS_PER_CORE) return undefined;
  const proposed = cpus * 4;
  return {
    id: 'connection-pooler',
    severity: 'notice',
    subject: 'connections',
    message: `the pools may open ${demand} server connections on ${cpus} cores; past about ${cpus * CONNECTIONS_PER_CORE}, more connections add lock and CPU contention rather than throughput`,
    evidence: { demand, cpus, cpus_source: input.machine.source.cpus, connections_now: input.facts.connections.current, active_now: input.facts.connections.active },
    help: `Put a pooler (PgBouncer in transaction mode) in front, with about ${proposed} server connections; keep perfctl indexes apply on a direct connection (it needs a session).`,
    setting: 'connection pooler',
    current: `${demand} server connections`,
    proposed: `about ${proposed} through a pooler`,
    risk: 'transaction pooling breaks session state (SET, advisory locks, prepared statements before PgBouncer 1.21)',
    restart: false,
    sql: null,
  };
}
