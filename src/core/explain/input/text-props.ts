/**
 * The "Key: value" lines under a node of an EXPLAIN text plan, turned into the
 * keys FORMAT JSON prints for them (explain.c prints the same facts in both,
 * the text form packing several on one line).
 */
type Target = Record<string, unknown>;

const LISTS = new Set(['Sort Key', 'Group Key', 'Presorted Key', 'Output', 'Hash Key', 'Partition Key', 'Cache Key', 'Grouping Sets']);
const NUMBERS = new Set([
  'Rows Removed by Filter', 'Rows Removed by Index Recheck', 'Rows Removed by Join Filter', 'Rows Removed by Conflict Filter', 'Heap Fetches',
  'Workers Planned', 'Workers Launched', 'Subplans Removed', 'Index Searches', 'Planned Partitions', 'Tuples Inserted', 'Conflicting Tuples',
]);

export function applyProperty(target: Target, key: string, value: string): void {
  if (LISTS.has(key)) target[key] = splitList(value);
  else if (key === 'Full-sort Groups' || key === 'Pre-sorted Groups') target[key] = { 'Group Count': Number(value.split(' ')[0]) };
  else if (/ {2}\w[\w ]*: /.test(value)) packed(target, `${key}: ${value}`);
  else if (NUMBERS.has(key)) target[key] = Number(value);
  else if (key === 'Buffers') Object.assign(target, buffers(value));
  else if (key === 'WAL') Object.assign(target, pairs(value, { records: 'WAL Records', fpi: 'WAL FPI', bytes: 'WAL Bytes', buffers_full: 'WAL Buffers Full' }));
  else if (key === 'I/O Timings') Object.assign(target, ioTimings(value));
  else if (key === 'Heap Blocks') Object.assign(target, { 'Exact Heap Blocks': 0, 'Lossy Heap Blocks': 0 }, pairs(value, { exact: 'Exact Heap Blocks', lossy: 'Lossy Heap Blocks' }));
  else if (key === 'Sort Method' || key === 'Buckets' || key === 'Batches' || key === 'Hits') packed(target, `${key}: ${value}`);
  else if (key === 'Inner Unique' || key === 'Single Copy') target[key] = value === 'true';
  else target[key] = value;
}

/** Lines that pack several "Key: value" pairs separated by two spaces (sort, hash, hash aggregate, memoize). */
function packed(target: Target, line: string): void {
  const fields = Object.fromEntries(line.split(/ {2,}/).map((part) => {
    const at = part.indexOf(': ');
    return [part.slice(0, at), part.slice(at + 2)];
  }));
  if (fields['Sort Method'] !== undefined) {
    target['Sort Method'] = fields['Sort Method'];
    for (const type of ['Memory', 'Disk']) {
      if (fields[type] !== undefined) Object.assign(target, { 'Sort Space Used': kb(fields[type]), 'Sort Space Type': type });
    }
  }
  if (fields.Buckets !== undefined) {
    const [buckets, originalBuckets] = originally(fields.Buckets);
    const [batches, originalBatches] = originally(fields.Batches ?? '1');
    Object.assign(target, { 'Hash Buckets': buckets, 'Original Hash Buckets': originalBuckets, 'Hash Batches': batches, 'Original Hash Batches': originalBatches });
    if (fields['Memory Usage'] !== undefined) target['Peak Memory Usage'] = kb(fields['Memory Usage']);
  } else if (fields.Batches !== undefined || fields['Planned Partitions'] !== undefined) {
    if (fields['Planned Partitions'] !== undefined) target['Planned Partitions'] = Number(fields['Planned Partitions']);
    if (fields.Batches !== undefined) target['HashAgg Batches'] = Number(fields.Batches);
    if (fields['Memory Usage'] !== undefined) target['Peak Memory Usage'] = kb(fields['Memory Usage']);
    if (fields['Disk Usage'] !== undefined) target['Disk Usage'] = kb(fields['Disk Usage']);
  }
  if (fields.Hits !== undefined) {
    Object.assign(target, { 'Cache Hits': Number(fields.Hits), 'Cache Misses': Number(fields.Misses ?? 0), 'Cache Evictions': Number(fields.Evictions ?? 0), 'Cache Overflows': Number(fields.Overflows ?? 0) });
    if (fields['Memory Usage'] !== undefined) target['Peak Memory Usage'] = kb(fields['Memory Usage']);
  }
}

/** "65536 (originally 1024)" → [65536, 1024]. */
function originally(text: string): [number, number] {
  const m = /^(\d+)(?: \(originally (\d+)\))?$/.exec(text.trim());
  const now = Number(m?.[1] ?? text);
  return [now, m?.[2] !== undefined ? Number(m[2]) : now];
}

function kb(text: string): number {
  return Number(text.replace(/kB$/, ''));
}

/** "shared hit=3 read=2, local hit=1, temp read=4 written=5" */
function buffers(text: string): Target {
  const out: Target = {};
  for (const group of text.split(/,\s*/)) {
    const [scope, ...items] = group.trim().split(/\s+/);
    const prefix = scope === 'shared' ? 'Shared' : scope === 'local' ? 'Local' : scope === 'temp' ? 'Temp' : undefined;
    if (!prefix) continue;
    for (const item of items) {
      const [name, n] = item.split('=');
      if (name && n !== undefined) out[`${prefix} ${name[0]!.toUpperCase()}${name.slice(1)} Blocks`] = Number(n);
    }
  }
  return out;
}

/** "shared read=0.1 write=0.2, temp read=…" (PostgreSQL 16+), "read=0.1 write=0.2" before. */
function ioTimings(text: string): Target {
  const out: Target = {};
  for (const group of text.split(/,\s*/)) {
    const words = group.trim().split(/\s+/);
    let label = 'Shared';
    if (words[0] && !words[0].includes('=')) {
      const scope = words.shift();
      label = scope === 'local' ? 'Local' : scope === 'temp' ? 'Temp' : 'Shared';
    }
    for (const item of words) {
      const [name, n] = item.split('=');
      if (name && n !== undefined) out[`${label} I/O ${name === 'read' ? 'Read' : 'Write'} Time`] = Number(n);
    }
  }
  return out;
}

function pairs(text: string, names: Record<string, string>): Target {
  const out: Target = {};
  for (const item of text.trim().split(/\s+/)) {
    const [name, n] = item.split('=');
    if (name && names[name]) out[names[name]] = Number(n);
  }
  return out;
}

/** "a, (b + c), f(x, y)" → three items: commas inside parentheses, brackets or quotes do not split. */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0 && text[i + 1] === ' ') {
      items.push(text.slice(start, i));
      start = i + 2;
    }
  }
  items.push(text.slice(start));
  return items.map((s) => s.trim()).filter((s) => s !== '');
}
