/**
 * perfctl's own catalog SQL carries a comment, so `report` can leave it out
 * of pg_stat_statements. It goes after the first keyword: pg_stat_statements
 * keeps a statement's text from its first token, so a leading comment would
 * be cut off.
 */
export const OWN_SQL_PREFIX = '/* perfctl';

export function markOwn(sql: string, tag = 'perfctl'): string {
  return sql.replace(/^\s*([A-Za-z]+)/, `$1 /* ${tag} */`);
}
