import { formatDuration } from '../../../util/text.js';
import type { TuneRule } from '../recommend.js';

/** Bursts above the average: the base size covers twice the mean concurrency, the overflow four times. */
const BASE_FACTOR = 2;
const PEAK_FACTOR = 4;
const MIN_WINDOW_SECONDS = 60;

/**
 * Little's law: the average number of statements in flight is the arrival
 * rate times the time each takes, i.e. total execution time over the window
 * divided by its length. A pool needs about that many busy connections, with
 * room for bursts; much more only queues work inside the server.
 */
export const pool: TuneRule = {
  id: 'pool',
  summary: "pool size and overflow from the workload's average concurrency (Little's law on pg_stat_statements)",
  check(input) {
    const { statements } = input.facts;
    if (!statements.available) return `the pool was not sized: ${statements.reason}`;
    const seconds = statements.window.seconds;
    if (seconds === null || seconds < MIN_WINDOW_SECONDS) {
      return 'the pool was not sized: the statistics window is unknown or under a minute (give --since FILE from perfctl report --save)';
    }
    const { instances, size, maxOverflow } = input.pool;
    const concurrency = statements.totalMs / (seconds * 1000);
    const perInstance = concurrency / instances;
    let base = Math.max(2, Math.ceil(perInstance * BASE_FACTOR));
    let peak = Math.max(base + 2, Math.ceil(perInstance * PEAK_FACTOR));
    const cpus = input.machine.cpus;
    // More busy connections than a few per core only queue inside the server.
    if (cpus) {
      const cap = Math.max(2, Math.floor((cpus * 4) / instances));
      base = Math.min(base, cap);
      peak = Math.min(peak, Math.max(base, cap * 2));
    }
    const overflow = peak - base;
    const oversized = size > base * 2 && size - base >= 4;
    const undersized = size + maxOverflow < peak;
    if (!oversized && !undersized) return [];
    return [
      {
        id: 'pool-size',
        severity: undersized ? 'warning' : 'notice',
        subject: 'pool',
        message: `statements were in flight ${concurrency.toFixed(2)} at a time on average over ${formatDuration(seconds * 1000)} (${instances} instance(s)); the pool is ${size} + ${maxOverflow} overflow`,
        evidence: { window: statements.window, calls: statements.calls, total_exec_ms: Math.round(statements.totalMs), average_concurrency: Number(concurrency.toFixed(3)), instances, cpus: cpus ?? null },
        help: `DB_POOL_SIZE=${base} DB_MAX_OVERFLOW=${overflow} (or pool: { size: ${base}, max_overflow: ${overflow} } in the spec); confirm under load with perfctl bench --pool-sizes.`,
        setting: 'DB_POOL_SIZE / DB_MAX_OVERFLOW',
        current: `${size} + ${maxOverflow}`,
        proposed: `${base} + ${overflow}`,
        risk: undersized ? 'none: clients wait for a connection less often' : 'short bursts above the average wait for a connection (DB_POOL_TIMEOUT) instead of opening one',
        restart: false,
        sql: null,
      },
    ];
  },
};
