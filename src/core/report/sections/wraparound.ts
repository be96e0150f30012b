import { groupThousands } from '../../../util/text.js';
import { percent, qualified, round, valueOf } from '../facts.js';
import { problemOf, type Row, type Section, type SectionInput } from '../section.js';
import { freezeLimits, vacuumProgress, XID_LIMIT } from '../wraparound.js';

/** Tables are listed from this share of their freeze limit (or while a VACUUM runs on them). */
const LISTED_SHARE = 0.5;

/** wraparound: every database's transaction ID age, then this database's oldest tables, against the freeze limits. */
export function wraparoundSection(input: SectionInput): Section {
  const { data, top, findings } = input;
  const w = valueOf(data.wraparound);
  const section: Section = { id: 'wraparound', title: 'Transaction ID wraparound', problems: problemOf(data.wraparound), notes: [], rows: [], findings };
  if (!w) return section;
  const databases = w.databases.map((d): Row => ({
    object: `database ${d.name}`,
    xid_age: d.xidAge,
    freeze_max_age: w.freezeMaxAge,
    share_of_freeze_max_age: round(d.xidAge / w.freezeMaxAge, 4),
    share_of_limit: round(d.xidAge / XID_LIMIT, 4),
    mxid_age: d.mxidAge,
    last_vacuum: null,
    vacuum_running: null,
  }));
  const ranked = w.tables.map((t) => ({ t, limits: freezeLimits(t, w) })).sort((a, b) => b.t.xidAge / b.limits.xid - a.t.xidAge / a.limits.xid);
  const near = ranked.filter(({ t, limits }) => t.xidAge >= limits.xid * LISTED_SHARE || t.mxidAge >= limits.mxid * LISTED_SHARE || t.vacuum !== null);
  const tables = near
    .slice(0, top)
    .map(({ t, limits }): Row => ({
      object: `${qualified(t.schema, t.name)}${t.toast ? ' (TOAST)' : ''}`,
      xid_age: t.xidAge,
      freeze_max_age: limits.xid,
      share_of_freeze_max_age: round(t.xidAge / limits.xid, 4),
      share_of_limit: round(t.xidAge / XID_LIMIT, 4),
      mxid_age: t.mxidAge,
      last_vacuum: t.lastVacuum,
      vacuum_running: vacuumProgress(t),
    }));
  section.rows = [...databases.slice(0, top), ...tables];
  const oldest = ranked[0];
  if (near.length === 0 && oldest) {
    section.notes.push(`no table of this database is past half its freeze limit; the oldest, ${qualified(oldest.t.schema, oldest.t.name)}${oldest.t.toast ? ' (TOAST)' : ''}, is at ${percent(oldest.t.xidAge / oldest.limits.xid)}`);
  }
  section.notes.push(
    `ages in transactions: autovacuum forces a freezing vacuum at autovacuum_freeze_max_age (${groupThousands(w.freezeMaxAge)} on this server, lower where a table sets its own); the server stops taking writes near 2^31`,
  );
  return section;
}
