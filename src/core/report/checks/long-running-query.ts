import { formatAge, secondsBetween, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';

/** Statements running for longer than a minute right now (pghero's bar). */
export const longRunningQuery: Check = {
  id: 'long-running-query',
  section: 'connections',
  help: 'See what it waits on (wait_event); cancel it with pg_cancel_backend(pid) if it should not run this long, and set statement_timeout for its role.',
  run({ data }) {
    const activity = valueOf(data.activity);
    if (!activity) return [];
    const now = data.database.now;
    return activity.sessions
      .filter((s) => s.state === 'active' && (secondsBetween(now, s.queryStart) ?? 0) >= THRESHOLDS.longRunningSeconds)
      .map((s) => {
        const running = secondsBetween(now, s.queryStart)!;
        return {
          check: this.id,
          severity: 'warning' as const,
          object: `pid ${s.pid}`,
          evidence: { pid: s.pid, user: s.user, application: s.application, running_seconds: Math.round(running), wait_event_type: s.waitEventType },
          message: `running for ${formatAge(running)}${s.waitEventType ? `, waiting on ${s.waitEventType}` : ''}`,
          help: this.help,
          ...(s.query ? { sql: s.query } : {}),
        };
      });
  },
};
