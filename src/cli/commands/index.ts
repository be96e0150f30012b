import type { Command } from 'commander';
import type { CommandAction } from '../run.js';
import { indexesCommand } from './indexes/registry.js';

/**
 * The command registry. Each entry loads its implementation only when run, so
 * `perfctl --help` and `--version` never import the database, parser or UI code.
 */
export interface CommandSpec {
  name: string;
  summary: string;
  examples?: string[];
  configure?: (command: Command) => void;
  /** Absent for a command that only groups subcommands. */
  load?: () => Promise<CommandAction>;
  subcommands?: CommandSpec[];
}

export const commands: CommandSpec[] = [
  {
    name: 'validate',
    summary: 'check a spec offline, no database: every error with file:line:column',
    examples: ['perfctl validate', 'perfctl validate -f db/indexes.yaml --json'],
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'doctor',
    summary: 'connect and say what works here: version, role, extensions, privileges, settings in force',
    examples: ['perfctl doctor', 'perfctl doctor --embedded', 'perfctl doctor --db postgres://app@db:5432/app --json'],
    load: async () => (await import('./doctor.js')).doctorCommand,
  },
  indexesCommand,
  {
    name: 'demo',
    summary: 'the whole story on an embedded PostgreSQL with demo data',
    examples: ['perfctl demo', 'perfctl demo --users 20000 --projects 100000'],
    configure: (c) =>
      c
        .option('--users <n>', 'users to generate', '200000')
        .option('--projects <n>', 'projects to generate', '1000000'),
    load: async () => (await import('./demo.js')).demoCommand,
  },
];
