import type { Theme } from '../cli/theme.js';
import type { ApplyOutcome } from '../core/apply/types.js';
import { formatBytes, formatDuration } from '../util/text.js';
import { renderTable, type Cell, type Column } from './table.js';

/** The `indexes apply --json` document (version 1); documented in docs/indexes.md. */
export interface ApplyDocument {
  version: 1;
  target: string;
  interrupted: boolean;
  duration_ms: number;
  results: Array<{
    id: string;
    kind: string;
    schema: string;
    table: string;
    index: string;
    status: string;
    duration_ms: number;
    size_bytes: number;
    attempts: number;
    error: { code: string | null; message: string; hint: string | null } | null;
  }>;
  blocked: Array<{ schema: string; table: string; index: string; pid: number; phase: string }>;
}

export function applyDocument(outcome: ApplyOutcome, target: string, blocked: ApplyDocument['blocked']): ApplyDocument {
  return {
    version: 1,
    target,
    interrupted: outcome.interrupted,
    duration_ms: Math.round(outcome.durationMs),
    results: outcome.results.map((r) => ({
      id: r.action.id,
      kind: r.action.kind,
      schema: r.action.schema,
      table: r.action.table,
      index: r.action.index,
      status: r.status,
      duration_ms: Math.round(r.durationMs),
      size_bytes: r.sizeBytes,
      attempts: r.attempts,
      error: r.error ? { code: r.error.code ?? null, message: r.error.message, hint: r.error.hint ?? null } : null,
    })),
    blocked,
  };
}

const SUMMARY: Column[] = [
  { head: 'action' },
  { head: 'index' },
  { head: 'table', drop: 2 },
  { head: 'duration', align: 'right' },
  { head: 'size', align: 'right', drop: 1 },
  { head: 'result', flex: 'wrap' },
];

/** Action, index, table, duration, size, result: one row per action, fitted to `layout.width`. */
export function renderSummary(outcome: ApplyOutcome, t: Theme, layout: { width: number; expanded?: boolean }): string {
  const rows: Cell[][] = outcome.results.map((r) => {
    const style = r.status === 'done' ? t.ok : r.status === 'failed' ? t.error : t.warn;
    return [
      r.action.kind,
      r.action.index,
      `${r.action.schema}.${r.action.table}`,
      r.status === 'not-started' ? '' : formatDuration(r.durationMs),
      r.status === 'done' && r.action.kind !== 'drop' ? formatBytes(r.sizeBytes) : '',
      { text: r.attempts > 1 ? `${r.status} (${r.attempts} attempts)` : r.status, style },
    ];
  });
  return renderTable(SUMMARY, rows, { ...layout, border: t.dim, head: t.accent });
}
