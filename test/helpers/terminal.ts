import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/perfctl', import.meta.url));

/** `script` (util-linux) runs a command in a pseudo-terminal: the way to test what a user's terminal shows. */
export const hasScript = spawnSync('script', ['--version']).status === 0;

export interface TerminalRun {
  code: number | null;
  /** Everything the terminal received, escape sequences included. */
  raw: string;
  /** The same without escape sequences and carriage returns. */
  screen: string;
}

export interface TerminalOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Terminal width (stty cols); 80 by default. */
  columns?: number;
  /** Called once the program has started; `type` sends keystrokes to the terminal (e.g. '\x03' for Ctrl-C). */
  started?: (type: (keys: string) => void) => void;
}

/** Run the shipped bin/perfctl in a terminal of the given width. */
export function inTerminal(args: string[], options: TerminalOptions): Promise<TerminalRun> {
  const quote = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;
  const command = `stty cols ${options.columns ?? 80} rows 40; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PERFCTL_CACHE_DIR: 'off', TERM: 'xterm', ...options.env },
    });
    let raw = '';
    child.stdout.on('data', (d: Buffer) => (raw += d.toString()));
    child.stderr.on('data', (d: Buffer) => (raw += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, raw, screen: stripEscapes(raw) }));
    options.started?.((keys) => child.stdin.write(keys));
  });
}

export function stripEscapes(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '').replace(/\r/g, '');
}
