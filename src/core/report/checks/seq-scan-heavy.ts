import { percent, qualified, ratio, round, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';
import { groupThousands } from '../../../util/text.js';

const T = THRESHOLDS.seqScan;

/** Large tables read mostly by sequential scans: the usual sign of a missing index. */
export const seqScanHeavy: Check = {
  id: 'seq-scan-heavy',
  section: 'tables',
  help: 'Find the queries that scan it (the slow-queries section, perfctl explain) and index the columns they filter on.',
  run({ data }) {
    const tables = valueOf(data.tables);
    if (!tables) return [];
    return tables
      .filter((t) => t.liveTuples >= T.minLiveRows && t.seqScan >= T.minSeqScans && (ratio(t.seqScan, t.seqScan + t.idxScan) ?? 0) >= T.minShare)
      .sort((a, b) => b.seqTupRead - a.seqTupRead)
      .map((t) => {
        const share = ratio(t.seqScan, t.seqScan + t.idxScan)!;
        return {
          check: this.id,
          severity: 'warning',
          object: qualified(t.schema, t.name),
          evidence: { seq_scans: t.seqScan, idx_scans: t.idxScan, seq_share: round(share, 4), rows_read_by_seq_scans: t.seqTupRead, live_rows: t.liveTuples },
          message: `${groupThousands(t.seqScan)} sequential scans (${percent(share)} of its scans) read ${groupThousands(t.seqTupRead)} rows of a ${groupThousands(t.liveTuples)}-row table`,
          help: this.help,
        };
      });
  },
};
