import { specDatabaseUrl } from '../spec/interpolate.js';
import type { Spec } from '../spec/types.js';
import { pickHost } from './hosts.js';
import { Database } from './pool.js';
import { resolvePoolSettings } from './settings.js';
import { resolveTarget, type ConnectionTarget } from './target.js';

export interface OpenOptions {
  command: string;
  flagUrl?: string;
  embedded: boolean;
  spec?: Spec;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  note: (line: string) => void;
  /** When aborted (Ctrl-C), cleanup cancels running queries instead of waiting for them. */
  signal?: AbortSignal;
}

/**
 * Resolve where to connect (--db > spec > DATABASE_URL > PG*), or start the
 * embedded server, and open the tuned pool. Nothing is connected yet: the
 * first query opens the first connection.
 */
export async function openDatabase(options: OpenOptions): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  const settings = resolvePoolSettings(options.spec?.pool, options.env);
  const useEmbedded = options.embedded || (!options.flagUrl && options.spec?.database.embedded === true);
  let target: ConnectionTarget;
  let stopServer: (() => Promise<void>) | undefined;
  if (useEmbedded) {
    const { startEmbedded } = await import('./embedded.js');
    options.note('starting the embedded PostgreSQL…');
    const server = await startEmbedded({ onLog: (line) => options.log(`[embedded] ${line}`) });
    options.note(`embedded ${server.version || 'PostgreSQL'} on 127.0.0.1:${server.port}`);
    target = resolveTarget({ flag: server.url, env: {} });
    target.source = 'embedded';
    stopServer = server.stop;
  } else {
    const specUrl = options.spec && !options.flagUrl ? specDatabaseUrl(options.spec, options.env) : undefined;
    target = resolveTarget({ flag: options.flagUrl, specUrl, env: options.env });
  }
  for (const warning of target.warnings) options.note(`warning: ${warning}`);
  await pickHost(target, settings, `perfctl/${options.command}`);
  const database = new Database(target, settings, `perfctl/${options.command}`, options.log);
  return {
    database,
    cleanup: async () => {
      if (options.signal?.aborted) await database.cancelActive();
      await database.close();
      await stopServer?.();
    },
  };
}
