import { formatBytes, groupThousands } from '../../../util/text.js';
import { settingChange, type TuneRule } from '../recommend.js';
import { pgMemory, settingBytes, settingNumber } from '../units.js';

const MB = 1024 * 1024;
/** Fewer temp files than this over the window is noise (a rare report or an index build). */
const MIN_TEMP_FILES = 5;

/**
 * Sorts and hashes that do not fit in work_mem write temp files. Raise it to
 * about twice the average spill (an in-memory sort needs more than its
 * on-disk form), within a budget: what is left after shared_buffers, shared
 * by max_connections sessions each running a few such nodes (pgtune's / 3).
 */
export const workMem: TuneRule = {
  id: 'work-mem',
  summary: 'work_mem from temp files written by sorts and hashes (pg_stat_database, pg_stat_statements)',
  check(input) {
    const { database, statements } = input.facts;
    const current = settingBytes(input.facts.settings.work_mem);
    if (current === undefined) return 'work_mem could not be read';
    if (database.tempFiles < MIN_TEMP_FILES) return [];
    const average = database.tempBytes / database.tempFiles;
    let proposed = Math.max(current * 2, 2 ** Math.ceil(Math.log2(Math.max(average * 2, MB))));
    const ram = input.machine.memoryBytes;
    const shared = settingBytes(input.facts.settings.shared_buffers) ?? 0;
    const connections = settingNumber(input.facts.settings.max_connections) ?? 100;
    const budget = ram ? Math.max(4 * MB, (ram - shared) / (connections * 3)) : 256 * MB;
    proposed = Math.min(proposed, 2 ** Math.floor(Math.log2(budget)));
    if (proposed <= current) return [];
    const spills = statements.available ? statements.spills.slice(0, 3) : [];
    const window = database.window;
    return [
      settingChange(input, {
        id: 'work-mem',
        setting: 'work_mem',
        proposed: pgMemory(proposed),
        message: `${groupThousands(database.tempFiles)} temp files (${formatBytes(database.tempBytes)}, ${formatBytes(average)} on average) were written by sorts and hashes that did not fit in work_mem (${formatBytes(current)})`,
        evidence: {
          temp_files: database.tempFiles,
          temp_bytes: database.tempBytes,
          average_spill_bytes: Math.round(average),
          window,
          budget_bytes: Math.round(budget),
          budget_basis: ram ? `(memory − shared_buffers) / (max_connections ${connections} × 3)` : 'no --memory given: capped at 256MB',
          top_spilling_statements: spills.map((s) => ({ query: s.query.slice(0, 200), calls: s.calls, temp_blks_written: s.tempBlksWritten, mean_ms: s.meanMs })),
        },
        risk: `every sort or hash node of every session may use this much: ${connections} connections × a few nodes must fit in memory; for a few heavy statements, SET work_mem for their role or session instead`,
      }),
    ];
  },
};
