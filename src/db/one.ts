import type pg from 'pg';

/**
 * One statement over the extended protocol: the server parses exactly one
 * statement from a Parse message and refuses a second (42601), so generated
 * SQL can never carry another statement along, whatever it contains.
 */
export function one<R extends pg.QueryResultRow = Record<string, unknown>>(client: pg.ClientBase, text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
  return client.query<R>({ text, values, queryMode: 'extended' } as pg.QueryConfig);
}
