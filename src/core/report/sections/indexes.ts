import { formatBytes, groupThousands } from '../../../util/text.js';
import { formatAge, qualified, valueOf } from '../facts.js';
import { groupBy } from '../group.js';
import { estimateIndexBloat } from '../index-bloat.js';
import { problemOf, type Row, type Section, type SectionInput } from '../section.js';
import { THRESHOLDS } from '../thresholds.js';

/** indexes: the ones with findings first, then the largest, with size, scans and last use. */
export function indexesSection(input: SectionInput): Section {
  const { data, top, findings } = input;
  const indexes = valueOf(data.indexes);
  const section: Section = { id: 'indexes', title: 'Indexes', problems: [...problemOf(data.indexes), ...problemOf(data.foreignKeys)], notes: [], rows: [], findings };
  if (!indexes) return section;
  const issues = new Map([...groupBy(findings, (f) => f.object)].map(([object, list]) => [object, list.map((f) => f.check)]));
  const named = indexes.map((i) => ({ i, name: qualified(i.schema, i.table, i.name) })).sort((a, b) => b.i.bytes - a.i.bytes);
  const flagged = named.filter((n) => issues.has(n.name));
  const largest = named.filter((n) => !issues.has(n.name)).slice(0, top);
  section.rows = [...flagged.slice(0, top * 2), ...largest].slice(0, Math.max(top, Math.min(flagged.length, top * 2))).map(
    ({ i, name }): Row => ({
      index: name,
      method: i.method,
      bytes: i.bytes,
      scans: i.scans,
      last_scan: i.lastScan,
      unique: i.unique,
      valid: i.valid,
      issues: issues.get(name) ?? [],
      estimated_bloat_bytes: estimateIndexBloat(i.stats ?? undefined, data.database.blockSize)?.bytes ?? null,
      definition: i.definition,
    }),
  );
  const total = indexes.reduce((n, i) => n + i.bytes, 0);
  section.notes.push(`${groupThousands(indexes.length)} indexes, ${formatBytes(total)} in all`);
  const unestimated = indexes.filter((i) => i.method === 'btree' && i.valid && i.stats === null).length;
  if (unestimated > 0) {
    section.notes.push(`no bloat estimate for ${groupThousands(unestimated)} btree index${unestimated === 1 ? '' : 'es'}: they need pg_stats, which shows only columns this role may SELECT (and an ANALYZE)`);
  }
  const young = input.statsAgeSeconds < THRESHOLDS.minStatsAgeSeconds;
  section.notes.push(
    `usage counts cover ${formatAge(input.statsAgeSeconds)} (${input.windowText})` +
      (young ? `: too young to call an index unused (under ${formatAge(THRESHOLDS.minStatsAgeSeconds)}), so those findings are notices` : ''),
  );
  return section;
}
