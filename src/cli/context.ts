import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Database } from '../db/pool.js';
import type { Spec } from '../spec/types.js';
import { renderTable, type Cell, type Column } from '../ui/table.js';
import { wrapLines } from '../util/width.js';
import { Output, type Io } from './io.js';
import { colorWanted, createTheme, type Theme } from './theme.js';

export interface GlobalOptions {
  file?: string;
  db?: string;
  embedded?: boolean;
  json?: boolean;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  wide?: boolean;
  expanded?: boolean;
}

/** What a command gets: output, theme, the spec and a database, with cleanup handled for it. */
export class Context {
  readonly out: Output;
  readonly theme: Theme;
  readonly errTheme: Theme;
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  private specCache?: Promise<Spec>;
  /** Set by commands that handle Ctrl-C themselves (apply); others are interrupted by the CLI. */
  handlesInterrupt = false;

  constructor(
    readonly io: Io,
    readonly options: GlobalOptions,
    readonly signal: AbortSignal,
  ) {
    this.out = new Output(io, { quiet: Boolean(options.quiet), verbose: Boolean(options.verbose), json: Boolean(options.json) });
    this.theme = createTheme(colorWanted(options.color, io.env, io.stdout.isTTY));
    this.errTheme = createTheme(colorWanted(options.color, io.env, io.stderr.isTTY));
  }

  get env(): NodeJS.ProcessEnv {
    return this.io.env;
  }

  /** The width stdout's tables and lines fit: the terminal's, unlimited with --wide. */
  get width(): number {
    return this.options.wide ? Infinity : this.out.columns;
  }

  /** A table for stdout, fitted to the terminal (or --wide, or --expanded). */
  table(columns: Column[], rows: Cell[][]): string {
    return renderTable(columns, rows, { width: this.width, expanded: Boolean(this.options.expanded), border: this.theme.dim, head: this.theme.accent });
  }

  /** A line of prose for stdout, wrapped to the terminal with a hanging indent. */
  wrap(text: string, indent = '', hanging = indent): string {
    return wrapLines(text, this.width, indent, hanging);
  }

  /** -f > PERFCTL_FILE > ./indexes.yaml; `shown` is the path as given, for messages (relative stays relative). */
  specPath(): { path: string; explicit: boolean; shown: string } {
    const given = this.options.file ?? this.io.env.PERFCTL_FILE;
    const path = given ?? 'indexes.yaml';
    return { path: isAbsolute(path) ? path : resolve(this.io.cwd, path), explicit: given !== undefined, shown: path };
  }

  /** The spec, validated (loaded once). */
  loadSpec(): Promise<Spec> {
    this.specCache ??= (async () => {
      const { loadSpec } = await import('../spec/load.js');
      const { path, shown } = this.specPath();
      return loadSpec(path, shown);
    })();
    return this.specCache;
  }

  /** The spec if one was named or ./indexes.yaml exists; commands like doctor work without one. */
  async loadSpecIfPresent(): Promise<Spec | undefined> {
    const { path, explicit } = this.specPath();
    if (!explicit && !existsSync(path)) return undefined;
    return this.loadSpec();
  }

  displayPath(path: string): string {
    return path.startsWith(`${this.io.cwd}/`) ? path.slice(this.io.cwd.length + 1) : path;
  }

  /**
   * Open the tuned pool for a command (starting the embedded server if asked),
   * or, with `other`, for another server such as a replica. Closed automatically.
   */
  async openDatabase(command: string, spec?: Spec, other?: { url: string }): Promise<Database> {
    const { openDatabase } = await import('../db/open.js');
    const { database, cleanup } = await openDatabase({
      command,
      flagUrl: other?.url ?? this.options.db,
      embedded: other ? false : Boolean(this.options.embedded) || spec?.database.embedded === true,
      spec,
      env: this.io.env,
      log: (line) => this.out.debug(line),
      note: (line) => this.out.info(line),
      signal: this.signal,
    });
    this.onCleanup(cleanup);
    return database;
  }

  onCleanup(fn: () => Promise<void> | void): void {
    this.cleanups.unshift(fn);
  }

  async runCleanups(): Promise<void> {
    const fns = this.cleanups.splice(0);
    for (const fn of fns) {
      try {
        await fn();
      } catch (error) {
        this.out.debug(`cleanup failed: ${(error as Error).message}`);
      }
    }
  }
}
