import type pg from 'pg';
import type { ExplainJson } from '../core/explain/normalise.js';
import type { QueryParam } from '../spec/types.js';

export interface SendOptions {
  /** EXPLAIN's own options, e.g. ['ANALYZE', 'FORMAT JSON']. */
  flags: string[];
  /** $1..$n without values: the generic plan. */
  generic: boolean;
  paramCount: number;
  timeoutMs: number;
}

// A prepared statement outlives a rollback, and cannot be deallocated in a failed transaction:
// each gets a name of its own (of fixed width, so error positions map back the same way).
let prepared = 0;
const genericName = () => `perfctl_generic_${String(prepared++ % 10_000).padStart(4, '0')}`;

/** What stands before the user's text in the statement that carries it, to map error positions back. */
export function carrierPrefix(options: Pick<SendOptions, 'flags' | 'generic'>, name = 'perfctl_generic_0000'): string {
  return options.generic ? `PREPARE ${name} AS ` : `EXPLAIN (${options.flags.join(', ')}) `;
}

/**
 * The session settings under which the server reads a statement exactly as
 * libpg-query did: with standard_conforming_strings off, '\' escapes a quote
 * and the server would see statements the parser never saw. SET LOCAL, so it
 * also holds if the session's own setting was changed.
 */
export const READ_AS_PARSED = 'SET LOCAL standard_conforming_strings = on';

/**
 * Send EXPLAIN for one statement the parser admitted, always over the
 * extended protocol (a Parse message holds exactly one statement, so even a
 * misread text cannot become two). The generic plan is PREPARE (its text
 * travels in one Parse, no values bound) then EXPLAIN EXECUTE with NULLs
 * under plan_cache_mode = force_generic_plan: the plan for any values. Must
 * run inside the caller's transaction, after READ_AS_PARSED.
 */
export async function sendExplain(client: pg.ClientBase, statement: string, params: QueryParam[], options: SendOptions): Promise<ExplainJson> {
  const timeout = { query_timeout: options.timeoutMs + 5_000 };
  if (!options.generic) {
    const rows = await client.query<{ 'QUERY PLAN': ExplainJson[] }>({ text: carrierPrefix(options) + statement, values: params, queryMode: 'extended', ...timeout } as pg.QueryConfig);
    return rows.rows[0]!['QUERY PLAN'][0]!;
  }
  const name = genericName();
  await client.query({ text: carrierPrefix(options, name) + statement, values: [], queryMode: 'extended', ...timeout } as pg.QueryConfig);
  try {
    await client.query('SET LOCAL plan_cache_mode = force_generic_plan');
    const nulls = Array.from({ length: options.paramCount }, () => 'NULL').join(', ');
    const flags = options.flags.filter((f) => f !== 'ANALYZE');
    const rows = await client.query<{ 'QUERY PLAN': ExplainJson[] }>({ text: `EXPLAIN (${flags.join(', ')}) EXECUTE ${name}${nulls ? `(${nulls})` : ''}`, values: [], queryMode: 'extended', ...timeout } as pg.QueryConfig);
    return rows.rows[0]!['QUERY PLAN'][0]!;
  } finally {
    await client.query(`DEALLOCATE ${name}`).catch(() => undefined);
  }
}
