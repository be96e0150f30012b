import { Command, CommanderError, Option } from 'commander';
import { ExitCode, PerfctlError, SpecError, formatProblem, isPerfctlError } from '../errors.js';
import { scrubSecrets } from '../redact.js';
import { commands, type CommandSpec } from './commands/index.js';
import { Context, type GlobalOptions } from './context.js';
import type { Io } from './io.js';
import { colorWanted, createTheme } from './theme.js';
import { VERSION } from './version.js';

export const JSON_VERSION = 1;

/** A command body: returns its exit code. */
export type CommandAction = (ctx: Context, options: Record<string, unknown>, args: string[]) => Promise<number>;

/**
 * The CLI entry, usable in-process: parse argv, run one command, map every
 * error to one message and an exit code. Never calls process.exit.
 */
export async function runCli(argv: string[], io: Io, signal: AbortSignal = new AbortController().signal): Promise<number> {
  let exitCode: number = ExitCode.ok;
  let ctx: Context | undefined;
  const program = buildProgram(io, async (action, options, args, command) => {
    ctx = new Context(io, command.optsWithGlobals() as GlobalOptions, signal);
    exitCode = await interruptible(ctx, action(ctx, options, args));
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were printed by commander.
      // With plan --exit-code, 2 means "changes pending": any error is 1 there, as with Terraform's -detailed-exitcode.
      exitCode = error.exitCode === 0 ? ExitCode.ok : argv.includes('plan') && argv.includes('--exit-code') ? ExitCode.failed : ExitCode.usage;
    } else {
      exitCode = reportError(error, io, ctx?.options ?? rawGlobals(argv));
    }
  } finally {
    await ctx?.runCleanups();
  }
  return exitCode;
}

async function interruptible(ctx: Context, work: Promise<number>): Promise<number> {
  if (ctx.signal.aborted) throw new PerfctlError('interrupted', 'interrupted', ExitCode.interrupted);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      if (!ctx.handlesInterrupt) reject(new PerfctlError('interrupted', 'interrupted; nothing was changed', ExitCode.interrupted));
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, aborted]);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort!);
  }
}

function buildProgram(io: Io, run: (action: CommandAction, options: Record<string, unknown>, args: string[], command: Command) => Promise<void>): Command {
  const program = new Command('perfctl')
    .description('PostgreSQL performance work: declarative online indexes, safe EXPLAIN, reports and a CI gate.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('-f, --file <path>', 'the spec file (default ./indexes.yaml, or PERFCTL_FILE)')
    .option('--db <url>', 'connection URL (overrides the spec, DATABASE_URL and PG* variables)')
    .option('--embedded', 'start a throwaway PostgreSQL on loopback for this run')
    .option('--json', 'print one JSON document on stdout')
    .option('--no-color', 'no colour (also NO_COLOR)')
    .option('-q, --quiet', 'only results and errors')
    .option('-v, --verbose', 'more detail on stderr, stack traces on internal errors')
    .option('--wide', 'tables as wide as their content: every column, full text (default: fit the terminal)')
    .option('-x, --expanded', 'tables as records, one "column │ value" line each (as psql \\x)')
    .showSuggestionAfterError(true)
    // Subcommands copy this when created: each command's --help lists the global options too.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  program.addHelpText('after', HELP_FOOTER);
  for (const spec of commands) register(program, spec, io, run);
  return program;
}

/** One registry entry as a commander command; entries with subcommands (indexes plan|apply|status) nest. */
function register(parent: Command, spec: CommandSpec, io: Io, run: (action: CommandAction, options: Record<string, unknown>, args: string[], command: Command) => Promise<void>): void {
  const command = parent.command(spec.name).description(spec.summary);
  spec.configure?.(command);
  if (spec.examples) command.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  command.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const sub of spec.subcommands ?? []) register(command, sub, io, run);
  const load = spec.load;
  if (!load) return;
  command.action(async (...received: unknown[]) => {
    const cmd = received[received.length - 1] as Command;
    const options = received[received.length - 2] as Record<string, unknown>;
    const args = received.slice(0, -2).flat() as string[];
    const action = await load();
    await run(action, options, args.filter((a) => a !== undefined), cmd);
  });
}

const HELP_FOOTER = `
Examples:
  $ perfctl demo                       the whole story on a throwaway PostgreSQL
  $ perfctl validate -f indexes.yaml   check a spec offline
  $ perfctl doctor --db postgres://app@db:5432/app

Exit codes: 0 ok, 1 a check or operation failed, 2 bad usage or invalid spec,
3 cannot connect or not permitted, 130 interrupted.
Docs: docs/ in the package (spec format, JSON output, exit codes).
`;

/** One red line and a hint on stderr (or a JSON error document on stdout with --json). */
export function reportError(error: unknown, io: Io, options: GlobalOptions): number {
  const theme = createTheme(colorWanted(options.color, io.env, io.stderr.isTTY));
  const write = (text: string) => io.stderr.write(scrubSecrets(text));
  if (isPerfctlError(error)) {
    if (options.json) {
      const document = {
        version: JSON_VERSION,
        error: {
          code: error.code,
          message: error.message,
          hint: error.hint,
          exit_code: error.exitCode,
          ...(error instanceof SpecError ? { problems: error.problems } : {}),
          ...(error.details ? { details: error.details } : {}),
        },
      };
      io.stdout.write(scrubSecrets(`${JSON.stringify(document, null, 2)}\n`));
    }
    const frame = (p: { frame?: string }, indent: string) => (p.frame ? write(`${theme.dim(p.frame.replace(/^/gm, indent))}\n`) : undefined);
    if (error instanceof SpecError && error.problems.length > 1) {
      write(`${theme.error('error:')} ${error.message}\n`);
      for (const problem of error.problems) {
        write(`  ${formatProblem(problem)}\n`);
        frame(problem, '    ');
      }
    } else if (error instanceof SpecError && error.problems[0]) {
      write(`${theme.error('error:')} ${error.message}\n`);
      frame(error.problems[0], '  ');
    } else {
      write(`${theme.error('error:')} ${error.message}\n`);
    }
    if (error.hint) write(`${theme.dim(`hint: ${error.hint}`)}\n`);
    if (options.verbose && error.cause instanceof Error && error.cause.stack) write(`${theme.dim(error.cause.stack)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    io.stdout.write(scrubSecrets(`${JSON.stringify({ version: JSON_VERSION, error: { code: 'internal', message, exit_code: 1 } }, null, 2)}\n`));
  }
  write(`${theme.error('internal error:')} ${message}\n`);
  if (options.verbose && error instanceof Error && error.stack) write(`${error.stack}\n`);
  else write(`${theme.dim('hint: run again with --verbose for the stack trace, and report it.')}\n`);
  return ExitCode.failed;
}

function rawGlobals(argv: string[]): GlobalOptions {
  return { json: argv.includes('--json'), verbose: argv.includes('--verbose') || argv.includes('-v'), color: argv.includes('--no-color') ? false : undefined };
}

export { Option };
