import { formatBytes, formatDuration, groupThousands } from '../../util/text.js';
import type { PlanNode, Severity } from './types.js';
import { TIME_SHARE_DOMINANT, TIME_SHARE_NOTABLE } from './thresholds.js';

/** "Seq Scan on users", "Index Scan using users_pkey on users u", "Hash Join (Left)". */
export function describeNode(node: PlanNode): string {
  let text = node.operation;
  if (node.index) text += ` using ${node.index}`;
  const target = node.relation ?? node.cte ?? node.function;
  if (target) {
    text += ` on ${target}`;
    if (node.alias && node.alias !== target) text += ` ${node.alias}`;
  }
  if (node.subplanName) text = `${node.subplanName}: ${text}`;
  return text;
}

/** Whole numbers with thousands separators; fractions (PG18 per-loop rows) to two places. */
export function count(n: number): string {
  const rounded = Math.abs(n) >= 100 || Number.isInteger(n) ? Math.round(n) : Math.round(n * 100) / 100;
  return groupThousands(rounded);
}

/** 1234 → "1.2k", for the tight columns of the tree. */
export function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return count(n);
  // Pick the unit after rounding, so 999,996 reads "1.0M", not "1000k".
  const [value, unit] = abs < 999_500 ? [n / 1e3, 'k'] : abs < 999_500_000 ? [n / 1e6, 'M'] : [n / 1e9, 'G'];
  return `${value.toFixed(Math.abs(value) < 9.95 ? 1 : 0)}${unit}`;
}

export function ms(value: number): string {
  return formatDuration(value);
}

export function pct(share: number): string {
  const p = share * 100;
  return `${p < 1 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

export function kb(value: number): string {
  return formatBytes(value * 1024);
}

/** A setting value PostgreSQL accepts, rounded up to a whole MB: "64MB". */
export function workMemSetting(kilobytes: number): string {
  return `${Math.max(1, Math.ceil(kilobytes / 1024))}MB`;
}

/** How much a node matters: by the share of execution time spent in it (and below it). */
export function severityByTime(node: PlanNode): Severity {
  const share = node.time?.inclusiveShare;
  if (share === undefined) return 'medium';
  if (share >= TIME_SHARE_DOMINANT) return 'high';
  if (share >= TIME_SHARE_NOTABLE) return 'medium';
  return 'low';
}

export function factor(value: number): string {
  return value >= 100 ? `${groupThousands(Math.round(value))}×` : `${value.toFixed(value < 10 ? 1 : 0)}×`;
}
