import { formatBytes } from '../../../util/text.js';
import { formatAge, qualified, valueOf } from '../facts.js';
import { problemOf, type Row, type Section, type SectionInput } from '../section.js';
import { THRESHOLDS } from '../thresholds.js';

/** indexes: the ones with findings first, then the largest, with size, scans and last use. */
export function indexesSection(input: SectionInput): Section {
  const { data, top, findings } = input;
  const indexes = valueOf(data.indexes);
  const section: Section = { id: 'indexes', title: 'Indexes', problems: [...problemOf(data.indexes), ...problemOf(data.foreignKeys)], notes: [], rows: [], findings };
  if (!indexes) return section;
  const issues = new Map<string, string[]>();
  for (const f of findings) issues.set(f.object, [...(issues.get(f.object) ?? []), f.check]);
  const name = (i: (typeof indexes)[number]) => qualified(i.schema, i.table, i.name);
  const flagged = indexes.filter((i) => issues.has(name(i))).sort((a, b) => b.bytes - a.bytes);
  const largest = [...indexes].sort((a, b) => b.bytes - a.bytes).filter((i) => !issues.has(name(i)));
  section.rows = [...flagged, ...largest].slice(0, Math.max(top, Math.min(flagged.length, top * 2))).map(
    (i): Row => ({
      index: name(i),
      method: i.method,
      bytes: i.bytes,
      scans: i.scans,
      last_scan: i.lastScan,
      unique: i.unique,
      valid: i.valid,
      issues: issues.get(name(i)) ?? [],
      definition: i.definition,
    }),
  );
  const total = indexes.reduce((n, i) => n + i.bytes, 0);
  section.notes.push(`${indexes.length.toLocaleString('en-US')} indexes, ${formatBytes(total)} in all`);
  const young = input.statsAgeSeconds < THRESHOLDS.minStatsAgeSeconds;
  section.notes.push(
    `usage counts cover ${formatAge(input.statsAgeSeconds)} (${input.windowText})` +
      (young ? `: too young to call an index unused (under ${formatAge(THRESHOLDS.minStatsAgeSeconds)}), so those findings are notices` : ''),
  );
  return section;
}
