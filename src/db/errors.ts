import { ConnectionError, OperationError, PerfctlError, PermissionError } from '../errors.js';
import { scrubSecrets } from '../redact.js';
import type { PoolSettings } from './settings.js';

/** The fields PostgreSQL sends with an error, kept for messages and --json. */
export interface PgErrorFields {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
  position?: string;
  /** The context lines (e.g. "COPY items, line 3"). */
  where?: string;
  severity?: string;
  schema?: string;
  table?: string;
  constraint?: string;
}

export function pgFields(error: unknown): PgErrorFields {
  const e = error as Partial<PgErrorFields> & { message?: string };
  return {
    code: e.code,
    message: scrubSecrets(String(e.message ?? error)),
    detail: e.detail,
    hint: e.hint,
    position: e.position,
    where: e.where === undefined ? undefined : scrubSecrets(e.where),
    severity: e.severity,
    schema: e.schema,
    table: e.table,
    constraint: e.constraint,
  };
}

export function sqlstate(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const CONNECTION_LOST = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

/** True when the session is gone (terminated backend, dropped socket), so the client must not be reused. */
export function isConnectionLoss(error: unknown): boolean {
  const code = sqlstate(error);
  if (code && CONNECTION_LOST.has(code)) return true;
  const message = String((error as Error)?.message ?? '');
  return /Connection terminated|connection not open|ECONNRESET|EPIPE|Client has encountered a connection error|socket hang up/i.test(message);
}

/**
 * Turn a failure to connect into one line that names host:port/database and
 * the reason, with what to do. The password is never part of it.
 */
export function connectError(error: unknown, where: string, user: string, settings?: PoolSettings): PerfctlError {
  if (error instanceof PerfctlError) return error;
  const code = sqlstate(error);
  const sys = (error as NodeJS.ErrnoException)?.code;
  const message = scrubSecrets(String((error as Error)?.message ?? error));
  const fail = (reason: string, hint: string) => new ConnectionError(`cannot connect to ${where}: ${reason}`, { hint, cause: error, details: { sqlstate: code, errno: sys } });
  if (code === '28P01' || code === '28000') {
    return fail(`authentication failed for user "${user}"`, 'Check the password (URL, PGPASSWORD or ~/.pgpass) and pg_hba.conf.');
  }
  if (code === '3D000') return fail(`database does not exist`, 'Check the database name, or create it with createdb.');
  if (code === '53300') {
    const size = settings ? ` (perfctl may open up to ${settings.size + settings.maxOverflow})` : '';
    return fail(`too many connections for the server or role${size}`, 'Lower DB_POOL_SIZE / DB_MAX_OVERFLOW, or free connections on the server.');
  }
  if (code === '57P03') return fail('the server is starting up or shutting down', 'Wait a moment and try again.');
  if (code === '42501') return new PermissionError(`not permitted to connect to ${where}: ${message}`, { hint: 'Grant CONNECT on the database to this role.', cause: error });
  if (sys === 'ECONNREFUSED') return fail('connection refused', 'Is PostgreSQL running and listening on that host and port?');
  if (sys === 'ENOTFOUND' || sys === 'EAI_AGAIN') return fail('host not found', 'Check the host name in the URL or PGHOST.');
  if (sys === 'EHOSTUNREACH' || sys === 'ENETUNREACH') return fail('host unreachable', 'Check the network path to the server.');
  if (/timeout|timed out/i.test(message)) {
    const secs = settings ? ` after ${settings.connectTimeout / 1000}s` : '';
    return fail(`timed out${secs} with no answer from the server`, 'Check host, port and firewalls; raise PGCONNECT_TIMEOUT if the server is slow to answer.');
  }
  if (/does not support SSL/i.test(message)) return fail('the server does not support TLS', 'Use sslmode=prefer or sslmode=disable for this server.');
  if (/self[- ]signed|certificate|unable to verify|Hostname\/IP does not match/i.test(message)) {
    return fail(`TLS verification failed (${message})`, 'Give the CA with sslrootcert=FILE, or use sslmode=require to encrypt without verifying.');
  }
  if (/no pg_hba.conf entry/i.test(message)) return fail(message, 'Add a pg_hba.conf entry for this host/user, or connect with TLS (sslmode=require).');
  return fail(message, 'Check the connection settings (perfctl doctor shows what is in use).');
}

/** A query error that is not about connecting: keep PostgreSQL's fields. */
export function queryError(error: unknown, what: string): PerfctlError {
  if (error instanceof PerfctlError) return error;
  const fields = pgFields(error);
  if (fields.code === '42501') {
    return new PermissionError(`${what}: ${fields.message}`, { hint: fields.hint ?? 'The role lacks a privilege this needs; perfctl doctor lists what is missing.', cause: error, details: { ...fields } });
  }
  // pg's client-side backstop (query_timeout = statement_timeout + 5 s): the server never answered.
  if (/^Query read timeout$/.test(fields.message)) {
    return new ConnectionError(`${what}: no answer from the server within the query timeout; the connection was dropped`, {
      hint: 'The server or the network stalled (the server enforces statement_timeout first, so it never answered); check it and run the command again.',
      cause: error,
    });
  }
  if (isConnectionLoss(error)) {
    return new ConnectionError(`${what}: lost the connection to the server (${fields.message})`, { hint: 'The backend was terminated or the network dropped; run the command again.', cause: error, details: { ...fields } });
  }
  return new OperationError('query-failed', `${what}: ${fields.message}`, { hint: fields.hint, cause: error, details: { ...fields } });
}
