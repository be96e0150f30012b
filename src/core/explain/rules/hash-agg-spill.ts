import { describeNode, kb, severityByTime, workMemSetting } from '../format.js';
import { DISK_SORT_MEMORY_FACTOR } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/** A hash aggregate that outgrew hash memory and wrote its groups to temporary files (PostgreSQL 13+). */
export const hashAggSpill: Rule = {
  id: 'hash-agg-spill',
  summary: 'hash aggregate spilled to disk (more than one batch)',
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      const agg = node.hashAgg;
      if (!agg || (agg.diskKb === 0 && agg.batches <= 1)) continue;
      const settings = plan.summary.settings?.hash_mem_multiplier;
      const multiplier = settings && /^[\d.]+$/.test(settings) ? Number(settings) : 2;
      // Groups on disk are smaller than in a hash table: as for sorts, count twice the disk space.
      const neededKb = (agg.peakMemoryKb ?? 0) + agg.diskKb * DISK_SORT_MEMORY_FACTOR;
      const workMem = workMemSetting(neededKb / multiplier);
      const where = agg.diskProcesses > 1 ? ` in ${agg.diskProcesses} parallel processes` : '';
      findings.push({
        rule: this.id,
        severity: severityByTime(node),
        nodeId: node.id,
        message: `${describeNode(node)} spilled${where}: ${agg.batches} batches, ${kb(agg.diskKb)} written to disk${agg.plannedPartitions ? ` (planned ${agg.plannedPartitions} partitions)` : ''}`,
        evidence: { batches: agg.batches, disk_kb: agg.diskKb, peak_kb: agg.peakMemoryKb ?? 0, processes_spilled: agg.diskProcesses, work_mem_needed: workMem },
        help: `Keep the groups in memory with SET work_mem = '${workMem}' (× hash_mem_multiplier ${multiplier}) for this query, or group fewer rows (filter first).`,
      });
    }
    return findings;
  },
};
