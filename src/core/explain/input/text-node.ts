import type { RawNode } from '../normalise.js';

/**
 * One node's first line of an EXPLAIN text plan, e.g.
 * `Index Scan Backward using t_pkey on public.t x  (cost=0.29..8.31 rows=1 width=4) (actual time=0.01..0.02 rows=1.00 loops=1)`,
 * turned into the keys FORMAT JSON would have printed for it.
 */
const HEADER =
  /^(?<label>.*?)(?:\s*\(cost=(?<startup>[\d.]+)\.\.(?<total>[\d.]+) rows=(?<rows>\d+) width=(?<width>\d+)\))?(?:\s*\((?:actual (?:time=(?<as>[\d.]+)\.\.(?<at>[\d.]+) )?rows=(?<ar>[\d.]+) loops=(?<al>\d+)|(?<never>never executed))\))?$/;

const IDENT = String.raw`("(?:[^"]|"")+"|[^\s"]+)`;
const JOIN = /^(Nested Loop|Hash|Merge)(?: (Left|Right|Full|Semi|Anti|Right Semi|Right Anti))?(?: Join)?$/;
const AGGREGATES: Record<string, string> = { Aggregate: 'Plain', GroupAggregate: 'Sorted', HashAggregate: 'Hashed', MixedAggregate: 'Mixed' };
/** Scans printed as "<type> on <target> [alias]", and the JSON key their target goes to. */
const SCAN_TARGET: Record<string, string> = {
  'Seq Scan': 'Relation Name',
  'Bitmap Heap Scan': 'Relation Name',
  'Tid Scan': 'Relation Name',
  'Tid Range Scan': 'Relation Name',
  'Sample Scan': 'Relation Name',
  'Foreign Scan': 'Relation Name',
  'Custom Scan': 'Relation Name',
  'CTE Scan': 'CTE Name',
  'WorkTable Scan': 'CTE Name',
  'Function Scan': 'Function Name',
  'Table Function Scan': 'Relation Name',
  'Named Tuplestore Scan': 'Tuplestore Name',
  'Subquery Scan': '',
  'Values Scan': '',
};
/** Node types printed as their own name, with nothing after it. */
const PLAIN = new Set([
  'Result', 'ProjectSet', 'Append', 'Merge Append', 'Recursive Union', 'Unique', 'Sort', 'Incremental Sort', 'Materialize', 'Memoize',
  'Result Cache', 'Gather', 'Gather Merge', 'Limit', 'LockRows', 'WindowAgg', 'Hash', 'BitmapAnd', 'BitmapOr', 'Group', 'Foreign Scan', 'Custom Scan', 'Table Function Scan',
]);

export function isNodeHeader(line: string): boolean {
  const m = HEADER.exec(line.trim());
  return m !== null && nodeFields(m.groups!.label!) !== undefined;
}

/** The node a header line describes, or undefined when the line is not one. */
export function parseHeader(line: string): RawNode | undefined {
  const m = HEADER.exec(line.trim());
  if (!m) return undefined;
  const g = m.groups!;
  const fields = nodeFields(g.label!);
  if (!fields) return undefined;
  const node: RawNode = { ...fields, Plans: [] };
  if (g.startup !== undefined) Object.assign(node, { 'Startup Cost': Number(g.startup), 'Total Cost': Number(g.total), 'Plan Rows': Number(g.rows), 'Plan Width': Number(g.width) });
  if (g.never) node['Actual Loops'] = 0;
  if (g.ar !== undefined) {
    if (g.as !== undefined) Object.assign(node, { 'Actual Startup Time': Number(g.as), 'Actual Total Time': Number(g.at) });
    Object.assign(node, { 'Actual Rows': Number(g.ar), 'Actual Loops': Number(g.al) });
  }
  return node;
}

/** "actual time=0.1..2.3 rows=4 loops=1" on a Worker line. */
export function parseActual(text: string): Record<string, number> | undefined {
  const m = /^actual (?:time=([\d.]+)\.\.([\d.]+) )?rows=([\d.]+) loops=(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const out: Record<string, number> = { 'Actual Rows': Number(m[3]), 'Actual Loops': Number(m[4]) };
  if (m[1] !== undefined) Object.assign(out, { 'Actual Startup Time': Number(m[1]), 'Actual Total Time': Number(m[2]) });
  return out;
}

function nodeFields(label: string): RawNode | undefined {
  let rest = label;
  const extra: Record<string, unknown> = { 'Parallel Aware': false };
  if (rest.startsWith('Parallel ')) [extra['Parallel Aware'], rest] = [true, rest.slice(9)];
  if (rest.startsWith('Async ')) [extra['Async Capable'], rest] = [true, rest.slice(6)];
  const partial = /^(Partial|Finalize) (.*Aggregate)$/.exec(rest);
  if (partial) [extra['Partial Mode'], rest] = [partial[1], partial[2]!];
  if (AGGREGATES[rest]) return { 'Node Type': 'Aggregate', Strategy: AGGREGATES[rest], ...extra };
  const join = JOIN.exec(rest);
  if (join && (join[1] === 'Nested Loop' || rest.endsWith(' Join'))) {
    return { 'Node Type': join[1] === 'Nested Loop' ? 'Nested Loop' : `${join[1]} Join`, 'Join Type': join[2] ?? 'Inner', ...extra };
  }
  const setop = /^(HashSetOp|SetOp) (Intersect All|Intersect|Except All|Except)$/.exec(rest);
  if (setop) return { 'Node Type': 'SetOp', Strategy: setop[1] === 'HashSetOp' ? 'Hashed' : 'Sorted', Command: setop[2], ...extra };
  const modify = new RegExp(`^(Insert|Update|Delete|Merge) on ${IDENT}(?: ${IDENT})?$`).exec(rest);
  if (modify) return { 'Node Type': 'ModifyTable', Operation: modify[1], ...relation(modify[2]!, modify[3], 'Relation Name'), ...extra };
  const indexScan = new RegExp(`^(Index Scan|Index Only Scan)( Backward)? using ${IDENT} on ${IDENT}(?: ${IDENT})?$`).exec(rest);
  if (indexScan) {
    return { 'Node Type': indexScan[1]!, 'Scan Direction': indexScan[2] ? 'Backward' : 'Forward', 'Index Name': unquote(indexScan[3]!), ...relation(indexScan[4]!, indexScan[5], 'Relation Name'), ...extra };
  }
  const bitmapIndex = new RegExp(`^Bitmap Index Scan on ${IDENT}$`).exec(rest);
  if (bitmapIndex) return { 'Node Type': 'Bitmap Index Scan', 'Index Name': unquote(bitmapIndex[1]!), ...extra };
  const custom = new RegExp(`^Custom Scan \\(([^)]+)\\)(?: on ${IDENT}(?: ${IDENT})?)?$`).exec(rest);
  if (custom) return { 'Node Type': 'Custom Scan', 'Custom Plan Provider': custom[1], ...(custom[2] ? relation(custom[2], custom[3], 'Relation Name') : {}), ...extra };
  const scan = new RegExp(`^(${Object.keys(SCAN_TARGET).join('|')}) on ${IDENT}(?: ${IDENT})?$`).exec(rest);
  if (scan) {
    const key = SCAN_TARGET[scan[1]!]!;
    if (key === '') return { 'Node Type': scan[1]!, Alias: unquote(scan[scan[3] ? 3 : 2]!), ...extra };
    return { 'Node Type': scan[1]!, ...relation(scan[2]!, scan[3], key), ...extra };
  }
  if (PLAIN.has(rest)) return { 'Node Type': rest === 'Result Cache' ? 'Memoize' : rest, ...extra };
  return undefined;
}

/** "public.orders o" → schema, name, alias; a CTE or function keeps its own key. JSON always carries the alias. */
function relation(target: string, alias: string | undefined, key: string): Record<string, string> {
  const parts = target.match(/("(?:[^"]|"")+"|[^."]+)/g) ?? [target];
  const name = unquote(parts[parts.length - 1]!);
  const out: Record<string, string> = { [key]: name, Alias: alias ? unquote(alias) : name };
  if (parts.length > 1) out.Schema = unquote(parts[parts.length - 2]!);
  return out;
}

function unquote(identifier: string): string {
  return identifier.startsWith('"') && identifier.endsWith('"') ? identifier.slice(1, -1).replace(/""/g, '"') : identifier;
}
