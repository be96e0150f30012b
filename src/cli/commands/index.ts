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
  {
    name: 'init',
    summary: 'write a starter indexes.yaml, or with --from-db the indexes the database has now',
    examples: ['perfctl init', 'perfctl init --from-db --schema public --schema "app_*"', 'perfctl init --from-db --table orders --table "billing.*" -f db/indexes.yaml', 'perfctl init --from-db --queries 20 --force'],
    configure: (c) =>
      c
        .option('--from-db', 'describe the indexes of the live database (every schema but the system ones)')
        .option('--schema <glob>', 'only these schemas (repeatable; * and ?)', (v: string, prev: string[] = []) => [...prev, v])
        .option('--table <glob>', 'only these tables, by name or schema.name (repeatable; * and ?)', (v: string, prev: string[] = []) => [...prev, v])
        .option('--queries <n>', 'also the top N statements of pg_stat_statements on these tables, as sample queries')
        .option('--force', 'replace the file if it exists'),
    load: async () => (await import('./init.js')).initCommand,
  },
  indexesCommand,
  {
    name: 'explain',
    summary: 'EXPLAIN (ANALYZE, BUFFERS) a statement or a spec query, safely: plan tree, findings, comparison',
    examples: [
      `perfctl explain "SELECT * FROM users WHERE email = \$1" --param ada@example.com`,
      'perfctl explain --query recent_projects --save recent.json',
      'perfctl explain --query recent_projects --compare recent.json',
      'perfctl explain --all',
      'perfctl explain --plan plan.json',
      'perfctl explain --query recent_projects --html plan.html',
      "psql -XAtc 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ...' | perfctl explain --plan -",
    ],
    configure: (c) =>
      c
        .argument('[sql]', 'the statement, or - to read it from stdin')
        .option('--query <name>', 'a sample query of the spec, with its params')
        .option('--all', 'every sample query of the spec, then a summary table')
        .option('--plan <file>', 'analyse an EXPLAIN (FORMAT JSON) output offline (no database)')
        .option('--param <value>', 'a value for $1, $2, ... in order (repeat the flag)', (v: string, prev: string[] = []) => [...prev, v])
        .option('--no-analyze', 'estimates only: plan the statement without running it')
        .option('--no-buffers', 'leave out buffer counts')
        .option('--settings', 'list planner settings that differ from the defaults')
        .option('--timeout <duration>', 'statement_timeout for the EXPLAIN', '30s')
        .option('--allow-dml', 'explain INSERT/UPDATE/DELETE/MERGE too (run in a transaction that is rolled back)')
        .option('--save <file>', 'write the plan and findings to FILE (for --compare and --plan)')
        .option('--compare <file>', 'compare with a plan saved with --save (or any EXPLAIN JSON)')
        .option('--html <file>', 'also write the plan view as one self-contained HTML page (tree, self-time bars, findings on their nodes)'),
    load: async () => (await import('./explain.js')).explainCommand,
  },
  {
    name: 'report',
    summary: 'slow queries, N+1 suspects, indexes, tables, cache hit, connections, sequences, wraparound, replication and targets',
    examples: ['perfctl report', 'perfctl report indexes tables --top 20', 'perfctl report --save before.json', 'perfctl report --since before.json --json', 'perfctl report --html report.html'],
    configure: (c) =>
      c
        .argument('[sections...]', 'slow-queries, n-plus-one, indexes, tables, cache, connections, sequences, wraparound, replication, targets (default: all); pg-extras names too (outliers, cache-hit, locks, ...)')
        .option('--top <n>', 'rows per section table', '10')
        .option('--save <file>', 'write a snapshot of the counters to FILE (statistics are never reset)')
        .option('--since <file>', 'report what happened since a snapshot written with --save')
        .option('--html <file>', 'also write the report as one self-contained HTML page (charts, sortable tables)'),
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    name: 'check',
    summary: 'CI gate: spec drift, sample-query expectations, index coverage, plan regressions, budgets',
    examples: [
      'perfctl check',
      'perfctl check --junit check.xml --baseline plans.json',
      'perfctl check --baseline plans.json --update-baseline',
      'perfctl check --analyze --repeat 20 --json',
      'perfctl check --embedded --schema db/schema.sql --seed db/seed.sql',
    ],
    configure: (c) =>
      c
        .option('--analyze', 'execute the sample queries (READ ONLY, rolled back) for max_ms and rows removed')
        .option('--repeat <n>', 'with --analyze: time each query N times through the pool for budgets.p95_ms')
        .option('--strict', 'warnings fail too (uncovered indexes, changed plan shapes, queries not in the baseline)')
        .option('--prune', 'indexes on spec tables that the spec does not name are drift (or prune: true in the spec)')
        .option('--baseline <file>', 'compare each plan with this baseline (shape, indexes, estimated cost)')
        .option('--update-baseline', 'write the current plans to the --baseline file instead of comparing')
        .option('--max-cost-increase <pct>', 'estimated cost rise over the baseline that fails (default 20%)')
        .option('--junit <file>', 'also write JUnit XML (one test case per check result)')
        .option('--html <file>', "also write an HTML page: the verdicts and the failing queries' plan views (a CI artifact)")
        .option('--schema <file>', 'with --embedded: load this SQL file, build the spec indexes, ANALYZE, then check')
        .option('--seed <file>', 'with --schema: load this SQL data file after the schema')
        .option('--timeout <duration>', 'statement_timeout for each sample query', '30s'),
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'tune',
    summary: 'review server settings and pool size against the machine and the workload; changes nothing',
    examples: ['perfctl tune', 'perfctl tune --memory 64GB --cpus 16 --storage ssd --workload oltp', 'perfctl tune --instances 4 --since before.json', 'perfctl tune --sql > tune.sql'],
    configure: (c) =>
      c
        .option('--memory <size>', "the server machine's memory, e.g. 64GB (detected when the server runs on this host)")
        .option('--cpus <n>', "the server machine's cores (detected when the server runs on this host)")
        .option('--storage <kind>', 'ssd, hdd or san (default: ssd, assumed)')
        .option('--workload <kind>', 'oltp, olap or mixed', 'mixed')
        .option('--instances <n>', 'application instances that each open the pool', '1')
        .option('--since <file>', 'judge the workload from a window: a snapshot written by perfctl report --save')
        .option('--sql', 'print the changes as a SQL script (ALTER SYSTEM, ALTER TABLE) instead of the review'),
    load: async () => (await import('./tune.js')).tuneCommand,
  },
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
