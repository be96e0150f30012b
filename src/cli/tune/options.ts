import { availableParallelism, totalmem } from 'node:os';
import type { Machine } from '../../core/tune/types.js';
import { parseMemory } from '../../core/tune/units.js';
import { UsageError } from '../../errors.js';

export interface TuneOptions {
  memoryBytes?: number;
  cpus?: number;
  storage?: Machine['storage'];
  workload: Machine['workload'];
  instances: number;
  since?: string;
  sql: boolean;
}

const STORAGE = ['ssd', 'hdd', 'san'] as const;
const WORKLOAD = ['oltp', 'olap', 'mixed'] as const;

/** Flags → typed options; every bad value is a usage error that names the flag. */
export function parseTuneOptions(raw: Record<string, unknown>): TuneOptions {
  const text = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string) : undefined);
  const memory = text('memory');
  const memoryBytes = memory === undefined ? undefined : parseMemory(memory);
  if (memory !== undefined && (memoryBytes === undefined || memoryBytes < 256 * 1024 * 1024)) {
    throw new UsageError(`--memory ${memory} is not an amount of memory of at least 256MB`, { hint: 'For example --memory 64GB or --memory 512MB.' });
  }
  return {
    memoryBytes,
    cpus: whole('cpus', text('cpus'), 1, 1024),
    storage: oneOf('storage', text('storage'), STORAGE),
    workload: oneOf('workload', text('workload'), WORKLOAD) ?? 'mixed',
    instances: whole('instances', text('instances'), 1, 10_000) ?? 1,
    since: text('since'),
    sql: raw.sql === true,
  };
}

/** What was declared, else what this host has when the server runs on it; storage is assumed flash. */
export function machineFor(options: TuneOptions, serverIsLocal: boolean): Machine {
  const memoryBytes = options.memoryBytes ?? (serverIsLocal ? totalmem() : undefined);
  const cpus = options.cpus ?? (serverIsLocal ? availableParallelism() : undefined);
  return {
    memoryBytes,
    cpus,
    storage: options.storage ?? 'ssd',
    workload: options.workload,
    source: {
      memory: options.memoryBytes ? 'declared' : memoryBytes ? 'detected' : undefined,
      cpus: options.cpus ? 'declared' : cpus ? 'detected' : undefined,
      storage: options.storage ? 'declared' : 'assumed',
    },
  };
}

function whole(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${flag} ${value} is not a whole number from ${min} to ${max}`);
  return n;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (!(allowed as readonly string[]).includes(lower)) throw new UsageError(`--${flag} ${value} is not one of ${allowed.join(', ')}`);
  return lower as T;
}
