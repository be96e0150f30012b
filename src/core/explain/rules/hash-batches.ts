import { describeNode, kb, severityByTime, workMemSetting } from '../format.js';
import { HASH_MAX_BATCHES } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/** A hash table split into batches written to temporary files because it outgrew hash memory. */
export const hashBatches: Rule = {
  id: 'hash-batches',
  summary: `hash split into more than ${HASH_MAX_BATCHES} batch (spilled to disk)`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      if (!node.hash || node.hash.batches <= HASH_MAX_BATCHES) continue;
      // Each batch held about the peak, so the whole table needs peak × batches of hash memory.
      const peak = node.hash.peakMemoryKb ?? 0;
      const neededKb = peak * node.hash.batches;
      const multiplier = Number(/^[\d.]+$/.test(plan.summary.settings?.hash_mem_multiplier ?? '') ? plan.summary.settings!.hash_mem_multiplier : 2);
      const workMem = workMemSetting(neededKb / multiplier);
      findings.push({
        rule: this.id,
        severity: severityByTime(node),
        nodeId: node.id,
        message: `${describeNode(node)} used ${node.hash.batches} batches (planned ${node.hash.originalBatches}), peak ${kb(peak)} each`,
        evidence: { batches: node.hash.batches, original_batches: node.hash.originalBatches, peak_kb: peak, hash_memory_needed_kb: neededKb, work_mem_needed: workMem },
        help: `The hash needs about ${kb(neededKb)}: SET work_mem = '${workMem}' (× hash_mem_multiplier ${multiplier}) for this query, or make the hashed side smaller.`,
      });
    }
    return findings;
  },
};
