import { percent, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check, Finding } from '../types.js';
import { groupThousands } from '../../../util/text.js';

/** 2^31: a transaction ID this far behind the current one wraps around. */
export const WRAPAROUND_LIMIT = 2 ** 31;

/**
 * A database or table whose oldest unfrozen transaction ID is well past the
 * autovacuum_freeze_max_age it answers to: the anti-wraparound vacuum that
 * should have frozen it is late or blocked. Left alone, PostgreSQL stops
 * assigning transaction IDs 3 million short of wraparound.
 */
export const xidWraparound: Check = {
  id: 'xid-wraparound',
  section: 'tables',
  help: 'Find what holds autovacuum back (a long transaction, a lock, an abandoned replication slot or prepared transaction) and run VACUUM (FREEZE, VERBOSE) on the table; watch pg_stat_progress_vacuum.',
  run({ data }) {
    const w = valueOf(data.wraparound);
    if (!w) return [];
    const late = (age: number, max: number) => age >= max * THRESHOLDS.wraparoundLateFactor || age >= WRAPAROUND_LIMIT * THRESHOLDS.wraparoundShare;
    const findings: Finding[] = [];
    for (const d of w.databases.filter((d) => late(d.xidAge, w.freezeMaxAge))) {
      findings.push({
        check: this.id,
        severity: 'warning',
        object: `database ${d.name}`,
        evidence: { xid_age: d.xidAge, mxid_age: d.mxidAge, freeze_max_age: w.freezeMaxAge, wraparound_share: Number((d.xidAge / WRAPAROUND_LIMIT).toFixed(4)) },
        message: `oldest transaction ID is ${groupThousands(d.xidAge)} old: ${percent(d.xidAge / WRAPAROUND_LIMIT)} of the way to wraparound, past autovacuum_freeze_max_age (${groupThousands(w.freezeMaxAge)})`,
        help: this.help,
      });
    }
    for (const t of w.tables.filter((t) => late(t.xidAge, t.freezeMaxAge))) {
      const progress = t.vacuumPhase ? `; a vacuum is running: ${t.vacuumPhase}, ${t.heapBlocks ? percent((t.heapBlocksScanned ?? 0) / t.heapBlocks) : '0%'} of its heap scanned` : '; no vacuum is running on it';
      findings.push({
        check: this.id,
        severity: 'warning',
        object: `${t.schema}.${t.name}`,
        evidence: {
          xid_age: t.xidAge,
          mxid_age: t.mxidAge,
          freeze_max_age: t.freezeMaxAge,
          wraparound_share: Number((t.xidAge / WRAPAROUND_LIMIT).toFixed(4)),
          vacuum_phase: t.vacuumPhase,
          heap_blocks_scanned: t.heapBlocksScanned,
          heap_blocks: t.heapBlocks,
        },
        message: `not frozen for ${groupThousands(t.xidAge)} transactions, ${(t.xidAge / t.freezeMaxAge).toFixed(1)}× its autovacuum_freeze_max_age (${groupThousands(t.freezeMaxAge)}), ${percent(t.xidAge / WRAPAROUND_LIMIT)} of the way to wraparound${progress}`,
        help: this.help,
      });
    }
    return findings;
  },
};
