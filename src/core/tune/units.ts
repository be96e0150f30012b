import type { Setting } from './types.js';

const KB = 1024;
const UNIT_BYTES: Record<string, number> = { B: 1, kB: KB, '8kB': 8 * KB, '16kB': 16 * KB, '32kB': 32 * KB, '64kB': 64 * KB, MB: KB * KB, GB: KB ** 3, TB: KB ** 4 };

/** A memory setting in bytes (pg_settings gives a number of its unit, e.g. 16384 × 8kB). */
export function settingBytes(s: Setting | undefined): number | undefined {
  if (!s || s.unit === null || !(s.unit in UNIT_BYTES)) return undefined;
  const n = Number(s.value);
  return Number.isFinite(n) && n >= 0 ? n * UNIT_BYTES[s.unit]! : undefined;
}

export function settingNumber(s: Setting | undefined): number | undefined {
  if (!s) return undefined;
  const n = Number(s.value);
  return Number.isFinite(n) ? n : undefined;
}

/** Bytes as PostgreSQL writes a memory value: the largest unit that divides it (16GB, 640MB, 64kB). */
export function pgMemory(bytes: number): string {
  const kb = Math.max(64, Math.round(bytes / KB));
  for (const [unit, factor] of [['TB', KB ** 3], ['GB', KB * KB], ['MB', KB]] as const) {
    if (kb >= factor && kb % factor === 0) return `${kb / factor}${unit}`;
  }
  return `${kb}kB`;
}

/** Round down to a value a person would write: a whole number of MB (or GB above 4 GB). */
export function roundMemory(bytes: number): number {
  const step = bytes >= 4 * KB ** 3 ? KB ** 3 : bytes >= 64 * KB * KB ? 64 * KB * KB : KB * KB;
  return Math.max(KB * 64, Math.floor(bytes / step) * step);
}

/** A memory amount a person typed: 64GB, 512MB, 1.5TB, 2048 (MB). */
export function parseMemory(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(kb|mb|gb|tb|k|m|g|t)?b?\s*$/i.exec(text);
  if (!m) return undefined;
  const factor: Record<string, number> = { k: KB, m: KB * KB, g: KB ** 3, t: KB ** 4 };
  const unit = (m[2] ?? 'm').toLowerCase()[0]!;
  return Math.round(Number(m[1]) * factor[unit]!);
}

/** Current value as pg_settings shows it to a person: with its unit, memory in the largest whole unit. */
export function displayValue(s: Setting | undefined): string {
  if (!s) return 'unknown';
  const bytes = settingBytes(s);
  if (bytes !== undefined) return pgMemory(bytes);
  return s.unit ? `${s.value}${s.unit}` : s.value;
}
