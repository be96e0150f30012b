import type { Command } from 'commander';
import type { CommandSpec } from '../index.js';

/** Flags that change what is planned; plan and apply share them so both plan alike. */
function planFlags(c: Command): Command {
  return c
    .option('--prune', 'also drop indexes on the spec tables that the spec does not name (or prune: true in the spec)')
    .option('--no-analyze', 'do not ANALYZE a table after building indexes on it')
    .option('--lock-timeout <duration>', 'lock_timeout of each DDL statement (default 10s)')
    .option('--build-timeout <duration>', 'statement_timeout of each build (default: none)')
    .option('--replica <url>', 'a hot standby whose index usage a prune reports too (repeatable; counters are per server)', (url: string, all: string[]) => [...all, url], [] as string[]);
}

/** `perfctl indexes plan|apply|status`; implementations load only when run. */
export const indexesCommand: CommandSpec = {
  name: 'indexes',
  summary: 'keep the database indexes in line with the spec: plan, apply online, status',
  examples: ['perfctl indexes plan', 'perfctl indexes apply --yes', 'perfctl indexes status --json'],
  subcommands: [
    {
      name: 'plan',
      summary: 'diff the spec against the live catalog; print the actions and their SQL',
      examples: ['perfctl indexes plan', 'perfctl indexes plan --sql > migrate.sql', 'perfctl indexes plan --json', 'perfctl indexes plan --exit-code   # 0 none, 2 pending, 1 error'],
      configure: (c) =>
        planFlags(c)
          .option('--sql', 'print a runnable SQL script (each statement on its own, no transaction block)')
          .option('--exit-code', 'exit 0 when there are no changes, 2 when changes are pending, 1 on error'),
      load: async () => (await import('./plan.js')).planCommand,
    },
    {
      name: 'apply',
      summary: 'carry out the plan online: CREATE INDEX CONCURRENTLY, retries, repairs, live progress',
      examples: ['perfctl indexes apply', 'perfctl indexes apply --yes --concurrency 2', 'perfctl indexes apply --prune --allow-hazards index-dropped --yes'],
      configure: (c) =>
        planFlags(c)
          .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
          .option('--allow-hazards <ids>', 'comma-separated hazards to accept, e.g. index-dropped')
          .option('--concurrency <n>', 'builds on different tables at once (default: from the pool size and server cores)')
          .option('--retries <n>', 'retries after a lock timeout, deadlock or lost connection (default 5)')
          .option('--retry-delay <duration>', 'first retry delay, doubled each time with jitter (default 1s)')
          .option('--wait <duration>', 'wait this long for another apply to finish (default: do not wait)')
          .option('--keep-invalid', 'leave an INVALID index from a failed build in place (for inspection)')
          .option('--force', 'build even on PostgreSQL 14.0–14.3, where CREATE INDEX CONCURRENTLY can corrupt indexes'),
      load: async () => (await import('./apply.js')).applyCommand,
    },
    {
      name: 'status',
      summary: 'every index of the spec tables: managed or not, valid, size, scans, last used',
      examples: ['perfctl indexes status', 'perfctl indexes status --json'],
      load: async () => (await import('./status.js')).statusCommand,
    },
  ],
};
