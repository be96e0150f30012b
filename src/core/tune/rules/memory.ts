import { formatBytes } from '../../../util/text.js';
import { outside, settingChange, type TuneRule } from '../recommend.js';
import { pgMemory, roundMemory, settingBytes } from '../units.js';
import type { TuneInput } from '../types.js';

const GB = 1024 ** 3;

function memoryEvidence(input: TuneInput, current: number | undefined) {
  return { memory: formatBytes(input.machine.memoryBytes!), memory_source: input.machine.source.memory, current_bytes: current };
}

/**
 * pgtune's memory split for a dedicated server: shared_buffers a quarter of
 * RAM (the OS page cache does the rest), effective_cache_size three quarters,
 * maintenance_work_mem a sixteenth up to 2 GB (olap an eighth).
 */
export const memory: TuneRule = {
  id: 'memory',
  summary: 'shared_buffers, effective_cache_size and maintenance_work_mem against the machine memory',
  check(input) {
    const ram = input.machine.memoryBytes;
    if (!ram) return 'the machine memory is not known: give --memory (e.g. --memory 64GB)';
    const out = [];
    const shared = settingBytes(input.facts.settings.shared_buffers);
    const sharedTarget = roundMemory(ram / 4);
    if (shared !== undefined && (shared < sharedTarget / 2 || shared > ram * 0.4)) {
      out.push(
        settingChange(input, {
          id: 'shared-buffers',
          setting: 'shared_buffers',
          proposed: pgMemory(sharedTarget),
          message: `shared_buffers is ${formatBytes(shared)} on a ${formatBytes(ram)} machine; a quarter of memory is the usual start for a dedicated server`,
          evidence: memoryEvidence(input, shared),
          risk: shared > ram * 0.4 ? 'less memory left for the OS page cache and for work_mem' : 'the server must be restarted; on Linux large values want huge pages (huge_pages = try) and enough shared memory',
        }),
      );
    }
    const cache = settingBytes(input.facts.settings.effective_cache_size);
    const cacheTarget = roundMemory(ram * 0.75);
    if (cache !== undefined && outside(cache, cacheTarget)) {
      out.push(
        settingChange(input, {
          id: 'effective-cache-size',
          setting: 'effective_cache_size',
          proposed: pgMemory(cacheTarget),
          message: `effective_cache_size is ${formatBytes(cache)} on a ${formatBytes(ram)} machine; the planner ${cache < cacheTarget ? 'underrates index scans' : 'assumes more cache than there is'}`,
          evidence: memoryEvidence(input, cache),
          risk: 'only a planner estimate (nothing is allocated); plans may change',
          severity: 'notice',
        }),
      );
    }
    const maintenance = settingBytes(input.facts.settings.maintenance_work_mem);
    const maintenanceTarget = roundMemory(Math.min(2 * GB, ram / (input.machine.workload === 'olap' ? 8 : 16)));
    if (maintenance !== undefined && outside(maintenance, maintenanceTarget, 0.25, 4)) {
      out.push(
        settingChange(input, {
          id: 'maintenance-work-mem',
          setting: 'maintenance_work_mem',
          proposed: pgMemory(maintenanceTarget),
          message: `maintenance_work_mem is ${formatBytes(maintenance)}; index builds and vacuum go faster with ${formatBytes(maintenanceTarget)} on this machine`,
          evidence: memoryEvidence(input, maintenance),
          risk: 'each autovacuum worker and each index build may use this much (autovacuum_work_mem caps the workers)',
          severity: 'notice',
        }),
      );
    }
    return out;
  },
};
