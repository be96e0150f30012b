import isInCi from 'is-in-ci';
import { scrubSecrets } from '../redact.js';

/** Where a command writes. The CLI entry passes the process streams; tests pass buffers. */
export interface Stream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: Stream;
  stderr: Stream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Running in CI. The process entry asks is-in-ci, the detector Ink itself
   * uses (CI, CONTINUOUS_INTEGRATION), so perfctl and Ink never disagree on
   * whether a live view can be drawn.
   */
  ci: boolean;
  /**
   * Set while a live view (Ink) owns stderr: anything else written there would
   * shift the lines it redraws and leave a stale frame behind.
   */
  live?: boolean;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    ci: isInCi,
  };
}

/** Every byte perfctl prints goes through here, so known secrets can never leak. */
export class Output {
  constructor(
    readonly io: Io,
    readonly options: { quiet: boolean; verbose: boolean; json: boolean },
  ) {}

  /** Human results (stdout). Suppressed under --json, which prints one document. */
  print(text = ''): void {
    if (this.options.json) return;
    this.io.stdout.write(scrubSecrets(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** The one JSON document of --json. */
  json(document: unknown): void {
    // Indented for a person at a terminal; compact when piped (a report can be megabytes).
    const text = this.io.stdout.isTTY ? JSON.stringify(document, null, 2) : JSON.stringify(document);
    this.io.stdout.write(scrubSecrets(`${text}\n`));
  }

  /** Progress and notes (stderr); hidden by --quiet. */
  info(text: string): void {
    if (this.options.quiet) return;
    this.io.stderr.write(scrubSecrets(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** Warnings (stderr); always shown. */
  warn(text: string): void {
    this.io.stderr.write(scrubSecrets(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** Details for --verbose (stderr). */
  debug(text: string): void {
    if (!this.options.verbose) return;
    this.io.stderr.write(scrubSecrets(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** Someone at a terminal who can answer a question: stderr is one, and this is not CI. */
  get interactive(): boolean {
    return Boolean(this.io.stderr.isTTY) && !this.io.ci;
  }

  /** A live, redrawn view is possible: interactive, and not TERM=dumb (which cannot move the cursor). */
  get liveView(): boolean {
    return this.interactive && !isDumbTerminal(this.io.env);
  }

  get columns(): number {
    // A terminal says its width; otherwise COLUMNS (as shells export it), else 100.
    const env = Number(this.io.env.COLUMNS);
    return this.io.stdout.columns || (Number.isInteger(env) && env > 0 ? env : 100);
  }
}

export function isDumbTerminal(env: NodeJS.ProcessEnv): boolean {
  return env.TERM === 'dumb';
}
