import type { SessionRow } from '../../db/catalog/report/types.js';
import { groupBy } from './group.js';

export interface BlockingNode {
  pid: number;
  state: string | null;
  application: string;
  /** Sessions waiting on this one's locks. */
  blocks: BlockingNode[];
}

/**
 * Who blocks whom, as trees rooted at the sessions that block others without
 * waiting themselves. A pid outside this database still appears as a root,
 * with unknown state, so a cross-database blocker is not lost.
 */
export function blockingTrees(sessions: SessionRow[]): BlockingNode[] {
  const byPid = new Map(sessions.map((s) => [s.pid, s]));
  const edges = sessions.flatMap((s) => s.blockedBy.map((blocker) => ({ blocker, pid: s.pid })));
  const children = new Map([...groupBy(edges, (e) => e.blocker)].map(([blocker, list]) => [blocker, list.map((e) => e.pid)]));
  const build = (pid: number, seen: Set<number>): BlockingNode => {
    const s = byPid.get(pid);
    const next = new Set(seen).add(pid);
    // A lock-wait cycle is a deadlock the server is about to break; stop rather than loop.
    const blocks = (children.get(pid) ?? []).filter((c) => !seen.has(c)).map((c) => build(c, next));
    return { pid, state: s?.state ?? null, application: s?.application ?? '', blocks };
  };
  const roots = [...children.keys()].filter((pid) => (byPid.get(pid)?.blockedBy.length ?? 0) === 0);
  return roots.sort((a, b) => a - b).map((pid) => build(pid, new Set()));
}

/** The sessions at the top of the tree that `pid` waits in. */
export function rootBlockers(pid: number, sessions: SessionRow[]): number[] {
  const byPid = new Map(sessions.map((s) => [s.pid, s]));
  const roots = new Set<number>();
  const visit = (p: number, seen: Set<number>) => {
    const blockers = byPid.get(p)?.blockedBy ?? [];
    if (blockers.length === 0 && p !== pid) roots.add(p);
    for (const b of blockers) if (!seen.has(b)) visit(b, new Set(seen).add(b));
  };
  visit(pid, new Set([pid]));
  return [...roots].sort((a, b) => a - b);
}
