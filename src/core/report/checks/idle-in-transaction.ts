import { formatAge, secondsBetween, valueOf } from '../facts.js';
import { THRESHOLDS } from '../thresholds.js';
import type { Check } from '../types.js';

/** Sessions sitting in an open transaction: they keep their locks and hold back vacuum's horizon. */
export const idleInTransaction: Check = {
  id: 'idle-in-transaction',
  section: 'connections',
  help: 'End it (SELECT pg_terminate_backend(pid)) if it is stuck, fix the code path that leaves transactions open, and set idle_in_transaction_session_timeout.',
  run({ data }) {
    const activity = valueOf(data.activity);
    if (!activity) return [];
    const now = data.database.now;
    return activity.sessions
      .filter((s) => s.state?.startsWith('idle in transaction') && (secondsBetween(now, s.stateChange) ?? 0) >= THRESHOLDS.idleInTransactionSeconds)
      .map((s) => {
        const idle = secondsBetween(now, s.stateChange)!;
        const open = secondsBetween(now, s.xactStart);
        return {
          check: this.id,
          severity: 'warning' as const,
          object: `pid ${s.pid}`,
          evidence: { pid: s.pid, user: s.user, application: s.application, state: s.state, idle_seconds: Math.round(idle), transaction_seconds: open === null ? null : Math.round(open) },
          message: `${s.state} for ${formatAge(idle)} (transaction open ${formatAge(open)}), ${s.user ?? '?'}${s.application ? ` via ${s.application}` : ''}`,
          help: this.help,
          ...(s.query ? { sql: s.query } : {}),
        };
      });
  },
};
