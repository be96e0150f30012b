import type { Command } from 'commander';
import type { CommandSpec } from '../index.js';

/** Flags that change what is planned; plan and apply share them so both plan alike. */
function planFlags(c: Command): Command {
  return c
    .option('--prune', 'also drop indexes on the spec tables that the spec does not name (or prune: true in the spec)')
    .option('--no-analyze', 'do not ANALYZE a table after building indexes on it')
    .option('--lock-timeout <duration>', 'lock_timeout of each DDL statement (default 10s)')
    .option('--build-timeout <duration>', 'statement_timeout of each build (default: none)');
}

/** `perfctl indexes plan|apply|status`; implementations load only when run. */
export const indexesCommand: CommandSpec = {
  name: 'indexes',
  summary: 'keep the database indexes in line with the spec: plan, apply online, status',
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
      name: 'status',
      summary: 'every index of the spec tables: managed or not, valid, size, scans, last used',
      examples: ['perfctl indexes status', 'perfctl indexes status --json'],
      load: async () => (await import('./status.js')).statusCommand,
    },
  ],
};
