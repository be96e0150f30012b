import { groupThousands, quoteIdent } from '../../../util/text.js';
import type { TuneRule } from '../recommend.js';
import { settingNumber } from '../units.js';
import type { LargeTable, Recommendation } from '../types.js';

/** A table this large waits for millions of dead rows under the default 20% scale factor. */
const LARGE_ROWS = 1_000_000;
const HUGE_ROWS = 100_000_000;

/**
 * autovacuum vacuums a table once dead rows pass threshold + scale_factor ×
 * live rows: 200,000 dead rows for 1 M live at the default 0.2, 20 M for
 * 100 M. On large tables that means bloat and stale visibility maps between
 * runs; a per-table scale factor keeps the trigger near 1–2% of the table.
 */
export const autovacuum: TuneRule = {
  id: 'autovacuum',
  summary: 'per-table autovacuum scale factors on large tables, with the dead-row backlog',
  check(input) {
    const global = settingNumber(input.facts.settings.autovacuum_vacuum_scale_factor) ?? 0.2;
    const threshold = settingNumber(input.facts.settings.autovacuum_vacuum_threshold) ?? 50;
    const out: Recommendation[] = [];
    for (const table of input.facts.largeTables) {
      if (table.liveRows < LARGE_ROWS) continue;
      const factor = table.vacuumScaleFactor ?? global;
      if (factor < 0.05) continue;
      const proposed = table.liveRows >= HUGE_ROWS ? 0.005 : 0.02;
      out.push(change(table, factor, proposed, threshold));
    }
    return out;
  },
};

function change(table: LargeTable, factor: number, proposed: number, threshold: number): Recommendation {
  const name = `${quoteIdent(table.schema)}.${quoteIdent(table.table)}`;
  const trigger = Math.round(threshold + factor * table.liveRows);
  const behind = table.deadRows > trigger;
  return {
    id: 'autovacuum-scale-factor',
    severity: behind ? 'warning' : 'notice',
    subject: `${table.schema}.${table.table}`,
    message:
      `${table.schema}.${table.table} has ${groupThousands(table.liveRows)} live rows; autovacuum waits for ${groupThousands(trigger)} dead rows (scale factor ${factor})` +
      (behind ? `, and ${groupThousands(table.deadRows)} are already waiting` : ''),
    evidence: { live_rows: table.liveRows, dead_rows: table.deadRows, scale_factor: factor, trigger_rows: trigger, last_autovacuum: table.lastAutovacuum },
    help: `ALTER TABLE ${name} SET (autovacuum_vacuum_scale_factor = ${proposed}, autovacuum_analyze_scale_factor = ${proposed / 2});`,
    setting: 'autovacuum_vacuum_scale_factor',
    current: String(factor),
    proposed: String(proposed),
    risk: 'more frequent, shorter vacuums of this table (I/O spread out rather than saved up)',
    restart: false,
    sql: `ALTER TABLE ${name} SET (autovacuum_vacuum_scale_factor = ${proposed}, autovacuum_analyze_scale_factor = ${proposed / 2});`,
  };
}
