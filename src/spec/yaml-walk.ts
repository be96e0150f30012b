import { isAlias, isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import { didYouMean, parseDuration } from '../util/text.js';
import type { SpecProblem } from '../errors.js';
import type { SourcePos } from './types.js';

/** A YAML node (aliases resolved) with helpers that record problems at the node's position. */
export class Walker {
  readonly problems: SpecProblem[] = [];

  constructor(
    readonly file: string,
    readonly doc: Document,
    readonly lines: LineCounter,
  ) {}

  pos(node: unknown): SourcePos {
    const offset = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  add(node: unknown, path: string, message: string): void {
    this.problems.push({ file: this.file, ...this.pos(node), path, message });
  }

  resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  /** The entries of a mapping; unknown keys are reported with a did-you-mean. */
  map(node: unknown, path: string, allowed: readonly string[]): Map<string, Entry> | undefined {
    const resolved = this.resolve(node);
    if (!isMap(resolved)) {
      this.add(resolved ?? node, path, `expected a mapping (key: value), got ${describe(resolved)}`);
      return undefined;
    }
    const entries = new Map<string, Entry>();
    for (const pair of resolved.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) {
        this.add(pair.key, path, 'keys must be plain strings');
        continue;
      }
      if (!allowed.includes(key)) {
        const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
        const where = path ? `${path}.${shown}` : shown;
        this.add(pair.key, where, `unknown key "${key.length > 40 ? `${key.slice(0, 40)}…` : key}"${didYouMean(key, allowed)}`);
        continue;
      }
      entries.set(key, { key: pair.key as Node, value: this.resolve(pair.value) as Node | null, path: path ? `${path}.${key}` : key });
    }
    return entries;
  }

  seq(node: unknown, path: string): unknown[] | undefined {
    const resolved = this.resolve(node);
    if (!isSeq(resolved)) {
      this.add(resolved ?? node, path, `expected a list, got ${describe(resolved)}`);
      return undefined;
    }
    return resolved.items.map((item) => this.resolve(item));
  }

  scalar(node: unknown): unknown {
    const resolved = this.resolve(node);
    return isScalar(resolved) ? resolved.value : resolved === null ? null : undefined;
  }

  string(entry: Entry, options: { nonEmpty?: boolean } = {}): string | undefined {
    const value = this.scalar(entry.value);
    if (typeof value !== 'string') {
      this.add(entry.value ?? entry.key, entry.path, `expected a string, got ${describe(entry.value)}`);
      return undefined;
    }
    if (options.nonEmpty !== false && value.trim() === '') {
      this.add(entry.value ?? entry.key, entry.path, 'must not be empty');
      return undefined;
    }
    return value;
  }

  boolean(entry: Entry): boolean | undefined {
    const value = this.scalar(entry.value);
    if (typeof value !== 'boolean') {
      this.add(entry.value ?? entry.key, entry.path, `expected true or false, got ${describe(entry.value)}`);
      return undefined;
    }
    return value;
  }

  number(entry: Entry, options: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.scalar(entry.value);
    const kind = options.integer ? 'a whole number' : 'a number';
    if (typeof value !== 'number' || !Number.isFinite(value) || (options.integer && !Number.isInteger(value))) {
      this.add(entry.value ?? entry.key, entry.path, `expected ${kind}, got ${describe(entry.value)}`);
      return undefined;
    }
    if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
      const range = options.max === undefined ? `at least ${options.min}` : `between ${options.min ?? '-∞'} and ${options.max}`;
      this.add(entry.value ?? entry.key, entry.path, `must be ${range}, got ${value}`);
      return undefined;
    }
    return value;
  }

  /** Milliseconds: a number (of ms), or a duration with its unit such as 50ms, 1.5s or 2m, as pool durations are written. */
  milliseconds(entry: Entry): number | undefined {
    const value = this.scalar(entry.value);
    const ms = typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' && /[a-z]\s*$/i.test(value) ? parseDuration(value) : undefined;
    if (ms === undefined || ms < 0) {
      this.add(entry.value ?? entry.key, entry.path, `expected milliseconds or a duration such as 50ms or 1.5s, got ${describe(entry.value)}`);
      return undefined;
    }
    return ms;
  }

  /** One of a fixed set of words, case-insensitive, returned lower-case. */
  choice<T extends string>(entry: Entry, choices: readonly T[]): T | undefined {
    const value = this.string(entry);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase() as T;
    if (!choices.includes(lower)) {
      this.add(entry.value, entry.path, `"${value}" is not one of ${choices.join(', ')}${didYouMean(value, choices)}`);
      return undefined;
    }
    return lower;
  }
}

export interface Entry {
  key: Node;
  value: Node | null;
  path: string;
}

export function describe(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'null';
    if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
    return `${typeof value} ${String(value)}`;
  }
  return 'an unsupported value';
}
