import { describe, expect, it } from 'vitest';
import { estimateBloat } from '../../../src/core/report/bloat.js';
import { analyzeOverdue } from '../../../src/core/report/checks/analyze-overdue.js';
import { lowCacheHit } from '../../../src/core/report/checks/low-cache-hit.js';
import { seqScanHeavy } from '../../../src/core/report/checks/seq-scan-heavy.js';
import { tableBloat } from '../../../src/core/report/checks/table-bloat.js';
import { vacuumOverdue } from '../../../src/core/report/checks/vacuum-overdue.js';
import type { TableRow } from '../../../src/db/catalog/report/types.js';
import { ago, data, input, ok, table } from './fixtures.js';

const run = (check: typeof seqScanHeavy, tables: TableRow[]) => check.run(input(data({ tables: ok(tables) })));

describe('seq-scan-heavy', () => {
  it('flags large tables read mostly by sequential scans', () => {
    // 2,000 whole reads in the fixtures' 30 days: about 2.8 an hour.
    const findings = run(seqScanHeavy, [table({ name: 'orders', liveTuples: 50_000, seqScan: 2_000, idxScan: 1_000, seqTupRead: 100_000_000 })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ object: 'public.orders', evidence: { seq_scans: 2_000, seq_share: 0.6667, full_table_reads: 2_000, full_table_reads_per_hour: 2.8 } });
  });

  it('flags 41 scans of a 100k-row table in two minutes: judged by rows read and their rate, not a count of scans', () => {
    const busy = table({ name: 'events', liveTuples: 100_000, seqScan: 41, idxScan: 0, seqTupRead: 4_100_000 });
    const [finding] = seqScanHeavy.run(input(data({ tables: ok([busy]) }), { statsAgeSeconds: 120 }));
    expect(finding).toMatchObject({ object: 'public.events', evidence: { full_table_reads: 41, full_table_reads_per_hour: 1230, window_seconds: 120 } });
    expect(finding!.message).toBe('41 sequential scans (100.0% of its scans) read 4,100,000 rows of a 100,000-row table: the whole table 41 times in 2 min (1,230 an hour)');
  });

  it('leaves small tables, rare or cheap scans and index-served tables alone', () => {
    expect(run(seqScanHeavy, [table({ liveTuples: 9_999, seqScan: 500, idxScan: 0, seqTupRead: 5_000_000 })])).toEqual([]);
    // 60 whole reads in 30 days: a nightly job, not a missing index.
    expect(run(seqScanHeavy, [table({ liveTuples: 50_000, seqScan: 60, idxScan: 0, seqTupRead: 3_000_000 })])).toEqual([]);
    // Many scans that stop early (LIMIT): few rows read.
    expect(seqScanHeavy.run(input(data({ tables: ok([table({ liveTuples: 50_000, seqScan: 5_000, idxScan: 0, seqTupRead: 100_000 })]) }), { statsAgeSeconds: 600 }))).toEqual([]);
    expect(run(seqScanHeavy, [table({ liveTuples: 50_000, seqScan: 60, idxScan: 10_000, seqTupRead: 3_000_000 })])).toEqual([]);
  });
});

describe('vacuum-overdue', () => {
  it('flags dead rows past autovacuum’s own trigger', () => {
    const findings = run(vacuumOverdue, [table({ liveTuples: 10_000, deadTuples: 5_000, lastVacuum: null })]);
    expect(findings[0]).toMatchObject({ evidence: { dead_rows: 5_000, dead_share: 0.3333, last_vacuum_age_seconds: null } });
    expect(findings[0]!.message).toMatch(/never/);
  });

  it('ignores dead rows autovacuum will still get to', () => {
    expect(run(vacuumOverdue, [table({ liveTuples: 100_000, deadTuples: 15_000 })])).toEqual([]);
    expect(run(vacuumOverdue, [table({ liveTuples: 10, deadTuples: 900 })])).toEqual([]);
  });
});

describe('analyze-overdue', () => {
  it('flags never-analyzed tables and those changed past the analyze trigger', () => {
    const findings = run(analyzeOverdue, [
      table({ name: 'fresh', liveTuples: 5_000, lastAnalyze: null, modSinceAnalyze: 5_000 }),
      table({ name: 'churn', liveTuples: 20_000, modSinceAnalyze: 8_000, lastAnalyze: ago(3 * 86_400) }),
      table({ name: 'calm', liveTuples: 20_000, modSinceAnalyze: 1_500 }),
    ]);
    expect(findings.map((f) => f.object)).toEqual(['public.churn', 'public.fresh']);
    expect(findings[0]!.message).toMatch(/3 days ago/);
  });
});

describe('table-bloat', () => {
  it('estimates wasted pages from row width, fillfactor and row count', () => {
    // 40-byte rows take 24 + 40 + 4 = 68 bytes: 120 per 8 kB page, so 12,000 rows need 100 pages.
    expect(estimateBloat({ rowWidth: 40, reltuples: 12_000, relpages: 100, fillfactor: 100 }, 8192)).toEqual({ bytes: 0, ratio: 0 });
    expect(estimateBloat({ rowWidth: 40, reltuples: 12_000, relpages: 400, fillfactor: 100 }, 8192)).toEqual({ bytes: 300 * 8192, ratio: 0.75 });
    expect(estimateBloat({ rowWidth: null, reltuples: 12_000, relpages: 400, fillfactor: 100 }, 8192)).toBeNull();
  });

  it('flags only large, mostly empty tables', () => {
    const bloated = table({ rowWidth: 40, reltuples: 12_000, relpages: 4_000, bytes: 4_000 * 8192 });
    expect(run(tableBloat, [bloated])).toHaveLength(1);
    expect(run(tableBloat, [{ ...bloated, relpages: 400, bytes: 400 * 8192 }])).toEqual([]);
  });
});

describe('low-cache-hit', () => {
  it('flags busy tables under the budget', () => {
    const findings = run(lowCacheHit, [table({ name: 'cold', heapHit: 900, heapRead: 100, idxHit: 0, idxRead: 0 }), table({ name: 'warm', heapHit: 10_000, heapRead: 1 })]);
    expect(findings.map((f) => f.object)).toEqual(['public.cold']);
    expect(findings[0]!.evidence.hit_ratio).toBe(0.9);
  });

  it('ignores tables with too few accesses to judge', () => {
    expect(run(lowCacheHit, [table({ heapHit: 1, heapRead: 500 })])).toEqual([]);
  });
});
