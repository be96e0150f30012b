import { formatBytes } from '../../../util/text.js';
import { formatAge, qualified, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check, Finding } from '../types.js';

/**
 * Indexes never scanned since the statistics started (or in the window).
 * Unique and constraint indexes do work without being scanned, so they are
 * never "unused". With young statistics the finding is only a notice.
 */
export const unusedIndex: Check = {
  id: 'unused-index',
  section: 'indexes',
  help: 'Counts are per server: check the replicas too, then DROP INDEX CONCURRENTLY it to save its writes and space.',
  run({ data, statsAgeSeconds }) {
    const indexes = valueOf(data.indexes);
    if (!indexes) return [];
    const tables = new Map((valueOf(data.tables) ?? []).map((t) => [t.oid, t]));
    const tooYoung = statsAgeSeconds < THRESHOLDS.minStatsAgeSeconds;
    const unused = indexes.filter((i) => i.valid && !i.unique && !i.backsConstraint && i.scans === 0).sort((a, b) => b.bytes - a.bytes);
    // Young statistics prove little: list the largest, and fold the rest into one notice
    // rather than thousands of lines nobody can act on yet.
    const listed = tooYoung ? unused.slice(0, THRESHOLDS.youngUnusedListed) : unused;
    const findings: Finding[] = listed.map((i) => {
      const table = tables.get(i.tableOid);
      const tableScans = table ? table.seqScan + table.idxScan : null;
      return {
        check: this.id,
        severity: tooYoung ? 'notice' : 'warning',
        object: qualified(i.schema, i.table, i.name),
        evidence: { scans: 0, bytes: i.bytes, table_scans: tableScans, stats_age_seconds: Math.round(statsAgeSeconds), too_young_to_judge: tooYoung },
        message:
          `never scanned in ${formatAge(statsAgeSeconds)} of statistics` +
          (tableScans !== null ? ` while its table was scanned ${tableScans} times` : '') +
          `; ${formatBytes(i.bytes)}` +
          (tooYoung ? ` — too young to judge (under ${formatAge(THRESHOLDS.minStatsAgeSeconds)})` : ''),
        help: this.help,
      };
    });
    const rest = unused.slice(listed.length);
    if (rest.length > 0) {
      const bytes = rest.reduce((sum, i) => sum + i.bytes, 0);
      findings.push({
        check: this.id,
        severity: 'notice',
        object: `${rest.length} more indexes`,
        evidence: { indexes: rest.length, bytes, stats_age_seconds: Math.round(statsAgeSeconds), too_young_to_judge: true },
        message: `${rest.length} more indexes (${formatBytes(bytes)}) never scanned in ${formatAge(statsAgeSeconds)} of statistics — too young to judge (under ${formatAge(THRESHOLDS.minStatsAgeSeconds)})`,
        help: 'Run perfctl report again once the statistics cover a full business cycle (a week or more).',
      });
    }
    return findings;
  },
};
