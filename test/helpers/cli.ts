import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/run.js';
import type { Io } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdin?: string;
  signal?: AbortSignal;
  /** Pretend stdout/stderr are terminals. */
  tty?: boolean;
  /** What the CI detector says (default: in CI, as the environment below says too). */
  ci?: boolean;
  /** Terminal width of stdout. */
  columns?: number;
}

/** Run perfctl in-process through its real entry point, capturing stdout, stderr and the exit code. */
export async function runPerfctl(args: string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false, columns: options.columns ?? 100 },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty ?? false },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    // A clean environment: nothing from the developer's shell leaks into a test.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', ...options.env },
    // An empty folder by default, so no indexes.yaml is picked up by accident.
    cwd: options.cwd ?? emptyDir(),
    ci: options.ci ?? true,
  };
  const code = await runCli(args, io, options.signal);
  return { code, stdout, stderr };
}

let empty: string | undefined;
function emptyDir(): string {
  empty ??= mkdtempSync(join(tmpdir(), 'perfctl-cwd-'));
  return empty;
}
