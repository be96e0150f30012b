import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * libpq's connection service file: the service named by `service=` or
 * PGSERVICE is looked up in PGSERVICEFILE (else ~/.pg_service.conf), then in
 * PGSYSCONFDIR/pg_service.conf (else the system file of Debian's and the
 * upstream builds). Its keys fill in what the connection string left unset,
 * ahead of the PG* variables, as in libpq.
 */
export function readService(name: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const files = [env.PGSERVICEFILE ?? join(homedir(), '.pg_service.conf'), ...(env.PGSYSCONFDIR ? [join(env.PGSYSCONFDIR, 'pg_service.conf')] : SYSTEM_FILES)];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const found = serviceIn(readFileSync(file, 'utf8'), name, file);
    if (found) return found;
  }
  throw new UsageError(`definition of service "${name}" not found`, { hint: `Define [${name}] in ${files.join(' or ')}, or unset PGSERVICE.` });
}

const SYSTEM_FILES = ['/etc/postgresql-common/pg_service.conf', '/etc/pg_service.conf', '/usr/local/pgsql/etc/pg_service.conf'];

/** The keys of one [section] of a service file; undefined when the file has no such section. */
export function serviceIn(text: string, name: string, file: string): Record<string, string> | undefined {
  let inside = false;
  let found: Record<string, string> | undefined;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const section = /^\[(.*)\]$/.exec(line);
    if (section) {
      inside = section[1] === name;
      if (inside) found ??= {};
      continue;
    }
    if (!inside) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new UsageError(`syntax error in service file ${file}, line ${i + 1}`, { hint: 'Each line is key=value under a [service] header.' });
    const key = line.slice(0, eq).trim();
    if (key === 'service') throw new UsageError(`nested service specifications are not supported in ${file}, line ${i + 1}`);
    found![key] = line.slice(eq + 1).trim();
  }
  return found;
}

/**
 * With no host anywhere, libpq connects through the Unix socket of its
 * build: /var/run/postgresql on Debian and Ubuntu, /tmp upstream. perfctl
 * takes whichever holds the server's socket for this port, and TCP to
 * localhost when neither does.
 */
export function defaultHost(port: number): string {
  for (const dir of ['/var/run/postgresql', '/tmp']) {
    if (existsSync(join(dir, `.s.PGSQL.${port}`))) return dir;
  }
  return 'localhost';
}
