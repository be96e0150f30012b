/**
 * Expected failures carry an exit code and a hint; anything else that escapes
 * a command is an internal error (exit 1, stack only with --verbose).
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  connection: 3,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Extra, already redacted, fields for --json and --verbose. */
  details?: Record<string, unknown>;
}

export class PerfctlError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;
  /** Stable machine id of the failure, e.g. "spec-invalid". */
  readonly code: string;

  constructor(code: string, message: string, exitCode: ExitCodeValue, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** Bad flags or arguments. */
export class UsageError extends PerfctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, ExitCode.usage, options);
  }
}

export interface SpecProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the offending key, e.g. "indexes[2].columns". */
  path: string;
  message: string;
  /** The lines around the spot with a caret, when the YAML parser gave one. */
  frame?: string;
}

/** One or more problems in the spec file; all are reported at once. */
export class SpecError extends PerfctlError {
  readonly problems: SpecProblem[];
  constructor(unsorted: SpecProblem[], options?: ErrorOptions) {
    // In file order, as an editor shows them.
    const problems = [...unsorted].sort((a, b) => a.line - b.line || a.column - b.column);
    const first = problems[0];
    const summary =
      problems.length === 1 && first
        ? `${formatProblem(first)}`
        : `${problems.length} problems in ${first?.file ?? 'the spec'}`;
    super('spec-invalid', summary, ExitCode.usage, {
      hint: options?.hint ?? 'Fix the spec and run `perfctl validate` to check it.',
      ...options,
    });
    this.problems = problems;
  }
}

export function formatProblem(p: SpecProblem): string {
  const where = `${p.file}:${p.line}:${p.column}`;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

/** Cannot reach the server, cannot log in, or not permitted. */
export class ConnectionError extends PerfctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('cannot-connect', message, ExitCode.connection, options);
  }
}

export class PermissionError extends PerfctlError {
  constructor(message: string, options?: ErrorOptions) {
    super('not-permitted', message, ExitCode.connection, options);
  }
}

/** The user pressed Ctrl-C or the process got SIGTERM. */
export class InterruptedError extends PerfctlError {
  constructor(message = 'interrupted', options?: ErrorOptions) {
    super('interrupted', message, ExitCode.interrupted, options);
  }
}

/** A database operation failed in an expected way (lock timeout, build failure...). */
export class OperationError extends PerfctlError {
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(code, message, ExitCode.failed, options);
  }
}

export function isPerfctlError(error: unknown): error is PerfctlError {
  return error instanceof PerfctlError;
}
