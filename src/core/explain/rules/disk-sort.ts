import { describeNode, kb, severityByTime, workMemSetting } from '../format.js';
import { DISK_SORT_MEMORY_FACTOR } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/** A sort that did not fit in work_mem and spilled to temporary files. */
export const diskSort: Rule = {
  id: 'disk-sort',
  summary: 'sort spilled to disk (external sort)',
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      if (node.sort?.spaceType !== 'Disk') continue;
      const diskKb = node.sort.spaceKb ?? 0;
      const needed = workMemSetting(diskKb * DISK_SORT_MEMORY_FACTOR);
      findings.push({
        rule: this.id,
        severity: severityByTime(node),
        nodeId: node.id,
        message: `${describeNode(node)} on ${node.sort.keys.join(', ')} wrote ${kb(diskKb)} to disk (${node.sort.method ?? 'external sort'})${(node.sort.diskProcesses ?? 0) > 1 ? `, in ${node.sort.diskProcesses} parallel processes` : ''}`,
        evidence: { disk_kb: diskKb, sort_method: node.sort.method ?? '', work_mem_needed: needed },
        help: `Sort in memory with SET work_mem = '${needed}' for this query (or its role), or avoid the sort with an index on ${node.sort.keys.join(', ')}.`,
      });
    }
    return findings;
  },
};
