import { formatBytes } from '../../../util/text.js';
import { settingChange, type TuneRule } from '../recommend.js';
import { pgMemory, settingBytes, settingNumber } from '../units.js';
import type { Recommendation, TuneInput } from '../types.js';

const GB = 1024 ** 3;
/** pgtune's max_wal_size per workload. */
const WAL_TARGET = { oltp: 8 * GB, olap: 16 * GB, mixed: 4 * GB } as const;
/** Requested checkpoints above this share of all checkpoints mean WAL fills up before checkpoint_timeout. */
const REQUESTED_SHARE = 0.2;
const MIN_CHECKPOINTS = 5;

/** WAL written per checkpoint_timeout on average, from pg_stat_wal over its window; undefined where not known. */
function walPerInterval(counts: NonNullable<TuneInput['facts']['checkpoints']>, timeoutSeconds: number | undefined): number | undefined {
  const seconds = counts.wal?.window.seconds;
  if (!counts.wal || !seconds || seconds < 60 || timeoutSeconds === undefined) return undefined;
  return (counts.wal.bytes / seconds) * timeoutSeconds;
}

export const checkpoints: TuneRule = {
  id: 'checkpoints',
  summary: 'max_wal_size from checkpoints forced by WAL volume (requested vs timed), checkpoint_completion_target',
  check(input) {
    const counts = input.facts.checkpoints;
    if (!counts) return 'checkpoint counters could not be read (pg_stat_bgwriter / pg_stat_checkpointer)';
    const out: Recommendation[] = [];
    const total = counts.timed + counts.requested;
    const share = total > 0 ? counts.requested / total : 0;
    const wal = settingBytes(input.facts.settings.max_wal_size);
    const perInterval = walPerInterval(counts, settingNumber(input.facts.settings.checkpoint_timeout));
    // Requested checkpoints also come from CHECKPOINT, DROP DATABASE and base backups; where the WAL rate is
    // known, only call it WAL pressure when a checkpoint_timeout's worth of WAL comes near max_wal_size.
    const walPressure = perInterval === undefined || (wal !== undefined && perInterval > wal / 2);
    if (wal !== undefined && total >= MIN_CHECKPOINTS && share > REQUESTED_SHARE && walPressure) {
      const proposed = Math.max(wal * 2, WAL_TARGET[input.machine.workload]);
      out.push(
        settingChange(input, {
          id: 'max-wal-size',
          setting: 'max_wal_size',
          proposed: pgMemory(proposed),
          message: `${counts.requested} of ${total} checkpoints (${Math.round(share * 100)}%) were forced by WAL volume before checkpoint_timeout; max_wal_size is ${formatBytes(wal)}`,
          evidence: { checkpoints_timed: counts.timed, checkpoints_requested: counts.requested, window: counts.window, wal_bytes_per_checkpoint_timeout: perInterval === undefined ? null : Math.round(perInterval) },
          risk: 'more WAL kept on disk (up to max_wal_size) and a longer crash recovery',
        }),
      );
    }
    const target = settingNumber(input.facts.settings.checkpoint_completion_target);
    if (target !== undefined && target < 0.9) {
      out.push(
        settingChange(input, {
          id: 'checkpoint-completion-target',
          setting: 'checkpoint_completion_target',
          proposed: '0.9',
          message: `checkpoint_completion_target is ${target}: checkpoint writes come in bursts instead of being spread over the interval (0.9 is the default since PostgreSQL 14)`,
          evidence: {},
          risk: 'none worth noting',
          severity: 'notice',
        }),
      );
    }
    return out;
  },
};
