import type { SectionId } from './types.js';

/**
 * The names pg-extras (heroku pg:*, rails-pg-extras, ecto_psql_extras) and
 * `supabase inspect db` give their reports, mapped onto the report sections
 * that answer the same question. Underscores are read as hyphens, so
 * `cache_hit` works too. docs/report.md lists them.
 */
export const SECTION_ALIASES: Readonly<Record<string, readonly SectionId[]>> = {
  outliers: ['slow-queries'],
  calls: ['slow-queries'],
  'cache-hit': ['cache'],
  'index-cache-hit': ['cache'],
  'table-cache-hit': ['cache'],
  'index-usage': ['indexes'],
  'unused-indexes': ['indexes'],
  'duplicate-indexes': ['indexes'],
  'index-sizes': ['indexes'],
  'index-size': ['indexes'],
  'total-index-size': ['indexes'],
  'table-sizes': ['tables'],
  'table-size': ['tables'],
  'total-table-sizes': ['tables'],
  'total-table-size': ['tables'],
  'table-index-sizes': ['tables'],
  'table-indexes-size': ['tables'],
  'table-record-counts': ['tables'],
  'records-rank': ['tables'],
  'seq-scans': ['tables'],
  'vacuum-stats': ['tables', 'wraparound'],
  'replication-slots': ['replication'],
  'sequence-danger': ['sequences'],
  'transaction-id-danger': ['wraparound'],
  'xid-wraparound': ['wraparound'],
  bloat: ['indexes', 'tables'],
  'index-bloat': ['indexes'],
  'table-bloat': ['tables'],
  locks: ['connections'],
  'all-locks': ['connections'],
  blocking: ['connections'],
  'long-running-queries': ['connections'],
  'role-connections': ['connections'],
  ps: ['connections'],
};

/** The sections a name stands for: a section id, or an alias; undefined when it is neither. */
export function resolveSectionName(name: string, ids: readonly SectionId[]): readonly SectionId[] | undefined {
  const key = name.toLowerCase().replace(/_/g, '-');
  if ((ids as readonly string[]).includes(key)) return [key as SectionId];
  return SECTION_ALIASES[key];
}
