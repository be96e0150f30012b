import type { ExplainJson } from '../normalise.js';
import { applyProperty } from './text-props.js';

export interface Summary {
  json: ExplainJson;
  /** The block being read ("Planning", "JIT"), or "summary" once past the tree. */
  block: string | undefined;
}

const TRIGGER = /^Trigger (?:(.+?) for constraint (.+?)|(.+?))(?: on (.+?))?: time=([\d.]+) calls=(\d+)$/;

/**
 * One line after the tree: planning and execution time, the Planning and JIT
 * blocks, triggers, settings. False for a line that is none of these (the
 * plan has ended: a log line, a footer).
 */
export function readSummaryLine(summary: Summary, indent: number, content: string): boolean {
  const { json } = summary;
  if (indent > 0) {
    const m = /^([A-Za-z/ ]+): (.*)$/.exec(content);
    if (!m) return true;
    if (summary.block === 'Planning') applyProperty((json.Planning ??= {}) as Record<string, unknown>, m[1]!, m[2]!);
    else if (summary.block === 'JIT') jitLine(json, m[1]!, m[2]!);
    return true;
  }
  summary.block = 'summary';
  const time = /^(Planning Time|Execution Time|Total runtime): ([\d.]+) ms$/.exec(content);
  if (time) {
    json[time[1] === 'Total runtime' ? 'Execution Time' : time[1]!] = Number(time[2]);
    return true;
  }
  if (content === 'Planning:' || content === 'JIT:') {
    summary.block = content.slice(0, -1);
    if (content === 'JIT:') json.JIT = {};
    return true;
  }
  const trigger = TRIGGER.exec(content);
  if (trigger) {
    const entry: Record<string, unknown> = { 'Trigger Name': trigger[1] ?? trigger[3] };
    if (trigger[2]) entry['Constraint Name'] = trigger[2];
    if (trigger[4]) entry.Relation = trigger[4];
    Object.assign(entry, { Time: Number(trigger[5]), Calls: Number(trigger[6]) });
    (json.Triggers ??= []).push(entry);
    return true;
  }
  const settings = /^Settings: (.*)$/.exec(content);
  if (settings) {
    json.Settings = Object.fromEntries([...settings[1]!.matchAll(/([\w.]+) = '((?:[^']|'')*)'/g)].map((m) => [m[1]!, m[2]!.replace(/''/g, "'")]));
    return true;
  }
  return /^(Query Identifier|Serialization|Memory|Planning Buffers): /.test(content);
}

/** "Functions: 7", "Timing: Generation 0.5 ms (Deform 0.1 ms), Inlining 0.0 ms, …, Total 43.0 ms". */
function jitLine(json: ExplainJson, key: string, value: string): void {
  const jit = (json.JIT ??= {}) as Record<string, unknown>;
  if (key === 'Functions') jit.Functions = Number(value);
  if (key === 'Timing') {
    const timing: Record<string, number> = {};
    for (const m of value.replace(/\([^)]*\)/g, '').matchAll(/(\w+) ([\d.]+) ms/g)) timing[m[1]!] = Number(m[2]);
    jit.Timing = timing;
  }
}
