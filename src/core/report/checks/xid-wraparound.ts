import { groupThousands } from '../../../util/text.js';
import { formatAge, percent, qualified, round, secondsBetween, valueOf } from '../facts.js';
import type { Check, Finding } from '../types.js';
import { freezeLimits, vacuumProgress, XID_LIMIT, xidsLeft } from '../wraparound.js';

/**
 * A database or table whose oldest unfrozen transaction ID (or multixact) is
 * past the age at which autovacuum must freeze it: if it cannot, the server
 * stops taking writes at 2^31.
 */
export const xidWraparound: Check = {
  id: 'xid-wraparound',
  section: 'wraparound',
  help: 'Let the anti-wraparound autovacuum finish (never cancel it); if none runs or it is slow, VACUUM (FREEZE, VERBOSE) the oldest tables, and end what holds the horizon back: long transactions, forgotten prepared transactions, stale replication slots.',
  run({ data }) {
    const w = valueOf(data.wraparound);
    if (!w) return [];
    const findings: Finding[] = [];
    for (const d of w.databases) {
      if (d.xidAge < w.freezeMaxAge && d.mxidAge < w.multixactFreezeMaxAge) continue;
      findings.push({
        check: this.id,
        severity: 'warning',
        object: `database ${d.name}`,
        evidence: { xid_age: d.xidAge, freeze_max_age: w.freezeMaxAge, share_of_limit: round(d.xidAge / XID_LIMIT, 4), xids_left: xidsLeft(d.xidAge), mxid_age: d.mxidAge, multixact_freeze_max_age: w.multixactFreezeMaxAge },
        message: `oldest unfrozen XID is ${groupThousands(d.xidAge)} transactions old (autovacuum_freeze_max_age ${groupThousands(w.freezeMaxAge)}; ${percent(d.xidAge / XID_LIMIT)} of the 2^31 limit)${d.mxidAge >= w.multixactFreezeMaxAge ? `, multixacts ${groupThousands(d.mxidAge)}` : ''}`,
        help: this.help,
      });
    }
    for (const t of w.tables) {
      const limits = freezeLimits(t, w);
      if (t.xidAge < limits.xid && t.mxidAge < limits.mxid) continue;
      const progress = vacuumProgress(t);
      const vacuumed = secondsBetween(data.database.now, t.lastVacuum);
      findings.push({
        check: this.id,
        severity: 'warning',
        object: `${qualified(t.schema, t.name)}${t.toast ? ' (TOAST)' : ''}`,
        evidence: {
          xid_age: t.xidAge,
          freeze_max_age: limits.xid,
          share_of_limit: round(t.xidAge / XID_LIMIT, 4),
          xids_left: xidsLeft(t.xidAge),
          mxid_age: t.mxidAge,
          multixact_freeze_max_age: limits.mxid,
          last_vacuum: t.lastVacuum,
          vacuum_running: progress,
        },
        message: `${groupThousands(t.xidAge)} transactions since it was last frozen, past its autovacuum_freeze_max_age of ${groupThousands(limits.xid)}${t.mxidAge >= limits.mxid ? ` (multixacts ${groupThousands(t.mxidAge)}, past ${groupThousands(limits.mxid)})` : ''}; ${progress ? `VACUUM running: ${progress}` : 'no VACUUM running on it'}; last vacuumed ${vacuumed === null ? 'never' : `${formatAge(vacuumed)} ago`}`,
        help: this.help,
      });
    }
    return findings;
  },
};
