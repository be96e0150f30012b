import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A spec file in a fresh temporary directory; returns its path. */
export function writeSpec(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'perfctl-report-'));
  const file = join(dir, 'indexes.yaml');
  writeFileSync(file, text);
  return file;
}

/**
 * Run statements on one connection, then make the server publish this
 * session's table and index counters before the connection closes (they are
 * otherwise flushed lazily, up to seconds later).
 */
export async function workload(url: string, run: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
    await client.query('SELECT pg_catalog.pg_stat_force_next_flush()');
  } finally {
    await client.end();
  }
}

/** The findings of one check in a `report --json` document. */
export function findingsOf(doc: { sections: Array<{ findings: Array<{ check: string }> }> }, check: string): Array<Record<string, any>> {
  return doc.sections.flatMap((s) => s.findings).filter((f) => f.check === check) as Array<Record<string, any>>;
}

export function section(doc: { sections: Array<{ id: string }> }, id: string): Record<string, any> {
  return doc.sections.find((s) => s.id === id) as Record<string, any>;
}
