import type { SectionId } from './types.js';

/**
 * The names pg-extras (`heroku pg:…`, the Ruby and Python gems) and
 * `supabase inspect db` give their reports, as report sections: people type
 * what they already know. Underscores are read as dashes (cache_hit).
 */
export const SECTION_ALIASES: Readonly<Record<string, SectionId>> = {
  outliers: 'slow-queries',
  calls: 'slow-queries',
  'cache-hit': 'cache',
  'index-cache-hit': 'cache',
  'table-cache-hit': 'cache',
  'unused-indexes': 'indexes',
  'index-usage': 'indexes',
  'index-sizes': 'indexes',
  'index-size': 'indexes',
  'duplicate-indexes': 'indexes',
  'seq-scans': 'tables',
  bloat: 'tables',
  'vacuum-stats': 'tables',
  'table-sizes': 'tables',
  'table-size': 'tables',
  'total-table-size': 'tables',
  'records-rank': 'tables',
  locks: 'connections',
  'all-locks': 'connections',
  blocking: 'connections',
  'long-running-queries': 'connections',
  'role-connections': 'connections',
};
