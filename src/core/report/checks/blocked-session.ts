import { rootBlockers } from '../blocking.js';
import { formatAge, secondsBetween, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';

/** Sessions waiting on another's lock for longer than deadlock_timeout's default. */
export const blockedSession: Check = {
  id: 'blocked-session',
  section: 'connections',
  help: 'Look at what the blocking session is doing (the tree above); end it if it is stuck, and keep transactions that take locks short.',
  run({ data }) {
    const activity = valueOf(data.activity);
    if (!activity) return [];
    const now = data.database.now;
    const byPid = new Map(activity.sessions.map((s) => [s.pid, s]));
    return activity.sessions
      .filter((s) => s.blockedBy.length > 0 && (secondsBetween(now, s.queryStart) ?? 0) >= THRESHOLDS.blockedSeconds)
      .map((s) => {
        const waiting = secondsBetween(now, s.queryStart)!;
        const roots = rootBlockers(s.pid, activity.sessions);
        const describe = (pid: number) => `pid ${pid}${byPid.get(pid)?.state ? ` (${byPid.get(pid)!.state})` : ''}`;
        return {
          check: this.id,
          severity: 'warning' as const,
          object: `pid ${s.pid}`,
          evidence: { pid: s.pid, blocked_by: s.blockedBy.join(','), root_blockers: roots.join(','), waiting_seconds: Math.round(waiting) },
          message: `waiting ${formatAge(waiting)} for a lock held by ${s.blockedBy.map(describe).join(', ')}${roots.join() !== s.blockedBy.join() ? `; at the root: ${roots.map(describe).join(', ')}` : ''}`,
          help: this.help,
          ...(s.query ? { sql: s.query } : {}),
        };
      });
  },
};
