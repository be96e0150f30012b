import pg from 'pg';
import { ConnectionError } from '../errors.js';
import { connectError } from './errors.js';
import { clientConfig } from './pool.js';
import type { PoolSettings } from './settings.js';
import { describeTarget, type ConnectionTarget } from './target.js';

/**
 * Several hosts, as libpq takes them (host=a,b port=5432,5433): try each in
 * order and keep the first that accepts a connection; the pool then connects
 * there only. One host: nothing to decide, no extra connection.
 */
export async function pickHost(target: ConnectionTarget, settings: PoolSettings, applicationName: string): Promise<void> {
  if (target.hosts.length < 2) return;
  const failures: string[] = [];
  for (const { host, port } of target.hosts) {
    const candidate = { ...target, host, port };
    // TLS as asked, except that prefer/allow try plain too, as the pool would.
    const attempts = target.ssl !== false && (target.sslmode === 'prefer' || target.sslmode === 'allow') ? [target.ssl, false as const] : [target.ssl];
    let last: unknown;
    for (const ssl of attempts) {
      const client = new pg.Client({ ...clientConfig({ ...candidate, ssl }, settings, applicationName), connectionTimeoutMillis: settings.connectTimeout });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.end().catch(() => undefined);
        target.host = host;
        target.port = port;
        return;
      } catch (error) {
        last = error;
        await client.end().catch(() => undefined);
      }
    }
    const where = describeTarget({ host, port, database: target.database });
    failures.push(connectError(last, where, target.user, settings).message);
  }
  throw new ConnectionError(`none of the ${target.hosts.length} hosts accepted a connection: ${failures.join('; ')}`, {
    hint: 'Check that at least one server in the host list is up and reachable (perfctl doctor shows what is in use).',
  });
}
