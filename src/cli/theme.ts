import { Chalk, type ChalkInstance } from 'chalk';

/** All colour goes through one theme, so NO_COLOR, --no-color and non-TTY output are honoured in one place. */
export interface Theme {
  enabled: boolean;
  error: (s: string) => string;
  warn: (s: string) => string;
  ok: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
  accent: (s: string) => string;
  hot: (s: string) => string;
}

export function createTheme(enabled: boolean): Theme {
  const c: ChalkInstance = new Chalk({ level: enabled ? 1 : 0 });
  return {
    enabled,
    error: (s) => c.red(s),
    warn: (s) => c.yellow(s),
    ok: (s) => c.green(s),
    dim: (s) => c.dim(s),
    bold: (s) => c.bold(s),
    accent: (s) => c.cyan(s),
    hot: (s) => c.bold.red(s),
  };
}

export function colorWanted(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  // A dumb terminal shows escape codes as text.
  return Boolean(isTTY) && env.TERM !== 'dumb';
}
