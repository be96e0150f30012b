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

/**
 * What is left on the screen once the output has been played: a small
 * terminal that knows the cursor moves and erasures a live view (Ink) uses.
 */
export function finalScreen(raw: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    const line = lines[row]!.padEnd(col);
    lines[row] = line.slice(0, col) + ch + line.slice(col + 1);
    col++;
  };
  const csi = /^\x1b\[([0-9;?]*)([A-Za-z])/;
  const osc = /^\x1b\][^\x07]*\x07/;
  for (let i = 0; i < raw.length; ) {
    const rest = raw.slice(i);
    const m = csi.exec(rest);
    if (m) {
      const n = Number(m[1]) || 1;
      if (m[2] === 'A') row = Math.max(0, row - n);
      else if (m[2] === 'B') row += n;
      else if (m[2] === 'G') col = n - 1;
      else if (m[2] === 'K') lines[row] = m[1] === '2' ? '' : lines[row]!.slice(0, col);
      else if (m[2] === 'J') lines.splice(row + 1), (lines[row] = lines[row]!.slice(0, col));
      while (lines.length <= row) lines.push('');
      i += m[0].length;
      continue;
    }
    const o = osc.exec(rest);
    if (o) {
      i += o[0].length;
      continue;
    }
    const ch = String.fromCodePoint(raw.codePointAt(i)!);
    i += ch.length;
    if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row++;
      col = 0;
      while (lines.length <= row) lines.push('');
    } else if (ch >= ' ') put(ch);
  }
  return lines.map((l) => l.trimEnd());
}
