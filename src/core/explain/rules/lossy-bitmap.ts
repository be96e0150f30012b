import { count, describeNode, kb, pct, severityByTime } from '../format.js';
import { BITMAP_BYTES_PER_PAGE, LOSSY_BLOCK_SHARE } from '../thresholds.js';
import type { Finding, Rule } from '../types.js';

/** A bitmap heap scan whose bitmap outgrew work_mem and degraded to whole pages, each rechecked row by row. */
export const lossyBitmap: Rule = {
  id: 'lossy-bitmap',
  summary: `bitmap heap scan with ≥ ${pct(LOSSY_BLOCK_SHARE)} lossy blocks`,
  check({ plan }) {
    const findings: Finding[] = [];
    for (const node of plan.nodes) {
      const blocks = node.heapBlocks;
      if (!blocks || blocks.lossy === 0) continue;
      const share = blocks.lossy / (blocks.lossy + blocks.exact);
      if (share < LOSSY_BLOCK_SHARE) continue;
      findings.push({
        rule: this.id,
        severity: severityByTime(node),
        nodeId: node.id,
        message: `${describeNode(node)}: ${count(blocks.lossy)} of ${count(blocks.lossy + blocks.exact)} heap blocks lossy (${pct(share)})${node.removed.indexRecheck ? `, ${count(node.removed.indexRecheck)} rows removed by recheck` : ''}`,
        evidence: { lossy_blocks: blocks.lossy, exact_blocks: blocks.exact, rows_removed_by_recheck: node.removed.indexRecheck },
        help: `Raise work_mem for this query (the exact bitmap for ${count(blocks.lossy + blocks.exact)} pages needs about ${kb(Math.ceil(((blocks.lossy + blocks.exact) * BITMAP_BYTES_PER_PAGE) / 1024))}), or use a more selective index.`,
      });
    }
    return findings;
  },
};
