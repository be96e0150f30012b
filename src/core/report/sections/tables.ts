import type { TableRow } from '../../../db/catalog/report/types.js';
import { estimateBloat } from '../bloat.js';
import { percent, qualified, ratio, round, valueOf } from '../facts.js';
import { groupThousands } from '../../../util/text.js';
import { problemOf, type Row, type Section, type SectionInput } from '../section.js';
import { THRESHOLDS } from '../thresholds.js';

/** tables: the largest tables with findings first: scans, dead rows, bloat estimate and maintenance. */
export function tablesSection(input: SectionInput): Section {
  const { data, top, findings } = input;
  const tables = valueOf(data.tables);
  const section: Section = { id: 'tables', title: 'Tables', problems: problemOf(data.tables), notes: [], rows: [], findings };
  if (!tables) return section;
  const flagged = new Set(findings.map((f) => f.object));
  const key = (t: TableRow) => qualified(t.schema, t.name);
  const ordered = [...tables].sort((a, b) => Number(flagged.has(key(b))) - Number(flagged.has(key(a))) || b.totalBytes - a.totalBytes);
  section.rows = ordered.slice(0, top).map((t): Row => {
    const bloat = estimateBloat(t, data.database.blockSize);
    return {
      table: key(t),
      live_rows: t.liveTuples,
      dead_rows: t.deadTuples,
      bytes: t.bytes,
      total_bytes: t.totalBytes,
      seq_scans: t.seqScan,
      idx_scans: t.idxScan,
      seq_share: ratio(t.seqScan, t.seqScan + t.idxScan) === null ? null : round(ratio(t.seqScan, t.seqScan + t.idxScan)!, 4),
      estimated_bloat_bytes: bloat?.bytes ?? null,
      estimated_bloat_ratio: bloat ? round(bloat.ratio, 3) : null,
      modified_since_analyze: t.modSinceAnalyze,
      last_vacuum: t.lastVacuum,
      last_analyze: t.lastAnalyze,
    };
  });
  if (tables.length > 0 && tables.every((t) => t.rowWidth === null)) {
    section.notes.push('no bloat estimates: they need pg_stats, which shows only columns this role may SELECT');
  }
  section.notes.push(`scan counts ${input.windowText}`);
  return section;
}

/** cache: overall heap and index hit ratios, then the worst busy tables. */
export function cacheSection(input: SectionInput): Section {
  const { data, top, findings, budgets } = input;
  const tables = valueOf(data.tables);
  const section: Section = { id: 'cache', title: 'Cache hit ratio', problems: problemOf(data.tables), notes: [], rows: [], findings };
  if (!tables) return section;
  const sum = (f: (t: TableRow) => number) => tables.reduce((n, t) => n + f(t), 0);
  const line = (object: string, heapHit: number, heapRead: number, idxHit: number, idxRead: number): Row => ({
    object,
    heap_hit_ratio: hitRatio(heapHit, heapRead),
    index_hit_ratio: hitRatio(idxHit, idxRead),
    hit_ratio: hitRatio(heapHit + idxHit, heapRead + idxRead),
    blocks_hit: heapHit + idxHit,
    blocks_read: heapRead + idxRead,
  });
  const busy = tables.filter((t) => t.heapHit + t.heapRead + t.idxHit + t.idxRead >= THRESHOLDS.cacheMinBlocks);
  const worst = busy.map((t) => ({ t, hit: ratio(t.heapHit + t.idxHit, t.heapHit + t.heapRead + t.idxHit + t.idxRead)! })).sort((a, b) => a.hit - b.hit);
  section.rows = [
    line('all tables', sum((t) => t.heapHit), sum((t) => t.heapRead), sum((t) => t.idxHit), sum((t) => t.idxRead)),
    ...worst.slice(0, top).map(({ t }) => line(qualified(t.schema, t.name), t.heapHit, t.heapRead, t.idxHit, t.idxRead)),
  ];
  section.notes.push(`budget: at least ${(budgets.cache_hit_ratio * 100).toFixed(2)}% of block accesses from shared buffers; tables with under ${THRESHOLDS.cacheMinBlocks} accesses are not ranked`);
  return section;
}

function hitRatio(hit: number, read: number): number | null {
  const r = ratio(hit, hit + read);
  return r === null ? null : round(r, 4);
}
