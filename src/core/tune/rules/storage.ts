import { settingChange, type TuneRule } from '../recommend.js';
import { settingNumber } from '../units.js';
import type { Recommendation, TuneInput } from '../types.js';

/** pgtune's figures: random reads cost about a sequential read on flash; SSDs and SANs serve many I/Os at once. */
const PAGE_COST = { ssd: 1.1, san: 1.1, hdd: 4 } as const;
const IO_CONCURRENCY = { ssd: 200, san: 300, hdd: 2 } as const;

export const storage: TuneRule = {
  id: 'storage',
  summary: 'random_page_cost and effective_io_concurrency for the storage (--storage ssd|hdd|san)',
  check(input) {
    const { storage: kind, source } = input.machine;
    const assumed = source.storage === 'assumed' ? ` (storage assumed ${kind}; give --storage to say)` : '';
    const severity = source.storage === 'assumed' ? 'notice' : 'warning';
    const out: Recommendation[] = [];
    const pageCost = settingNumber(input.facts.settings.random_page_cost);
    const wantCost = PAGE_COST[kind];
    if (pageCost !== undefined && (kind === 'hdd' ? pageCost < 2 : pageCost > 2)) {
      out.push(
        settingChange(input, {
          id: 'random-page-cost',
          setting: 'random_page_cost',
          proposed: String(wantCost),
          message: `random_page_cost is ${pageCost} on ${kind} storage${assumed}: the planner ${pageCost > wantCost ? 'prices index scans as if every read were a disk seek' : 'underprices random reads'}`,
          evidence: { storage: kind, storage_source: source.storage, seq_page_cost: settingNumber(input.facts.settings.seq_page_cost) },
          risk: 'plans change: more index and bitmap scans; check the slowest queries with perfctl check --baseline afterwards',
          severity,
        }),
      );
    }
    const io = settingNumber(input.facts.settings.effective_io_concurrency);
    const wantIo = IO_CONCURRENCY[kind];
    // 0 means the platform has no prefetch advice (macOS); nothing to tune there.
    if (io !== undefined && io > 0 && (kind === 'hdd' ? io > 16 : io < wantIo / 2)) {
      out.push(ioChange(input, io, wantIo, assumed, severity));
    }
    return out;
  },
};

function ioChange(input: TuneInput, io: number, wantIo: number, assumed: string, severity: 'notice' | 'warning'): Recommendation {
  return settingChange(input, {
    id: 'effective-io-concurrency',
    setting: 'effective_io_concurrency',
    proposed: String(wantIo),
    message: `effective_io_concurrency is ${io}; ${input.machine.storage} storage serves about ${wantIo} concurrent reads${assumed}, which bitmap heap scans can prefetch`,
    evidence: { storage: input.machine.storage, storage_source: input.machine.source.storage },
    risk: 'more concurrent I/O per bitmap heap scan; harmless on flash',
    severity,
  });
}
