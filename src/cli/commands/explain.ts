import type { Database } from '../../db/pool.js';
import { warmParser } from '../../util/pg-parser.js';
import type { Context } from '../context.js';
import { readFlags } from '../explain/options.js';

/**
 * `perfctl explain`: a statement, a spec query, every spec query, or a saved
 * plan; tree, findings, comparison. This module only starts connecting; the
 * rest of explain (rules, renderers, the safe runner) is set up while the
 * server forks a backend and authenticates, rather than before.
 */
export async function explainCommand(ctx: Context, options: Record<string, unknown>, args: string[]): Promise<number> {
  const flags = readFlags(options, args);
  const early = flags.planFile ? undefined : earlyDatabase(ctx, Boolean(flags.query || flags.all));
  await early?.started;
  const { runExplainCommand } = await import('../explain/run.js');
  return runExplainCommand(ctx, flags, early);
}

export interface EarlyDatabase {
  /** Settles once the first connection is on its way, or opening failed (reported by openDb). */
  started: Promise<void>;
  parserMayStart: Promise<void>;
  openDb: () => Promise<Database>;
}

/**
 * Connecting (TCP, TLS, SCRAM) overlaps with loading the SQL parser, which
 * takes a few hundred milliseconds of CPU: the connection is started first and
 * the parser compiles while it waits on the network (`parserMayStart`).
 * Nothing runs on the connection until the statement has passed the parser
 * checks; a refused statement leaves it unused, and a connection failure is
 * only reported if a statement gets that far.
 */
function earlyDatabase(ctx: Context, needsSpec: boolean): EarlyDatabase {
  // With --db and a statement given, the spec has nothing to add (the URL is given, the timeouts are explain's
  // own), and reading it would parse its index expressions before the connection can start.
  const spec = needsSpec || !ctx.options.db ? ctx.loadSpecIfPresent() : Promise.resolve(undefined);
  const db = spec.then((s) => ctx.openDatabase('explain', s));
  const connecting = db.then((d) => d.connect());
  const parserMayStart = db.then(warmParser, warmParser);
  const warm = connecting.then((client) => client.release());
  warm.catch(() => undefined);
  // If the command ends while the pool (or an embedded server) is still opening, wait for it and close it too.
  ctx.onCleanup(async () => {
    await warm.catch(() => undefined);
    await ctx.runCleanups();
  });
  const openDb = async () => {
    const database = await db;
    await warm;
    return database;
  };
  const noop = () => undefined;
  return { started: db.then(noop, noop), openDb, parserMayStart };
}

