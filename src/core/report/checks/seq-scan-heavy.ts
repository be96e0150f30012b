import { formatAge, percent, qualified, ratio, round, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';
import { groupThousands } from '../../../util/text.js';

const T = THRESHOLDS.seqScan;

/**
 * Large tables read mostly by sequential scans: the usual sign of a missing
 * index. Judged by the rows those scans read, as whole-table reads, and how
 * often they came in the window the counters cover, not by a count of scans:
 * 41 scans of 100,000 rows in two minutes matter; 60 in a month do not.
 */
export const seqScanHeavy: Check = {
  id: 'seq-scan-heavy',
  section: 'tables',
  help: 'Find the queries that scan it (the slow-queries section, perfctl explain) and index the columns they filter on.',
  run({ data, statsAgeSeconds }) {
    const tables = valueOf(data.tables);
    if (!tables) return [];
    const hours = Math.max(statsAgeSeconds, 1) / 3600;
    return tables
      .map((t) => ({ t, share: ratio(t.seqScan, t.seqScan + t.idxScan) ?? 0, reads: t.liveTuples > 0 ? t.seqTupRead / t.liveTuples : 0 }))
      .filter(({ t, share, reads }) => t.liveTuples >= T.minLiveRows && share >= T.minShare && reads >= T.minFullReads && reads / hours >= T.minFullReadsPerHour)
      .sort((a, b) => b.t.seqTupRead - a.t.seqTupRead)
      .map(({ t, share, reads }) => ({
        check: this.id,
        severity: 'warning',
        object: qualified(t.schema, t.name),
        evidence: {
          seq_scans: t.seqScan,
          idx_scans: t.idxScan,
          seq_share: round(share, 4),
          rows_read_by_seq_scans: t.seqTupRead,
          live_rows: t.liveTuples,
          full_table_reads: round(reads, 1),
          full_table_reads_per_hour: round(reads / hours, 1),
          window_seconds: Math.round(statsAgeSeconds),
        },
        message:
          `${groupThousands(t.seqScan)} sequential scans (${percent(share)} of its scans) read ${groupThousands(t.seqTupRead)} rows of a ${groupThousands(t.liveTuples)}-row table: ` +
          `the whole table ${groupThousands(Math.round(reads))} times in ${formatAge(statsAgeSeconds)} (${groupThousands(Math.round(reads / hours))} an hour)`,
        help: this.help,
      }));
  },
};
