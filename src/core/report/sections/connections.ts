import { blockingTrees } from '../blocking.js';
import { percent, valueOf } from '../facts.js';
import { problemOf, type Row, type Section, type SectionInput } from '../section.js';

/** connections: usage against the budget, sessions by state and application, and who blocks whom. */
export function connectionsSection(input: SectionInput): Section {
  const { data, findings, budgets } = input;
  const activity = valueOf(data.activity);
  const section: Section = { id: 'connections', title: 'Connections', problems: problemOf(data.activity), notes: [], rows: [], findings };
  if (!activity) return section;
  const counts = new Map<string, Row>();
  for (const s of activity.sessions) {
    const state = s.state ?? 'unknown';
    const key = `${state}\u0000${s.application}`;
    const row = counts.get(key) ?? { state, application: s.application, sessions: 0 };
    row.sessions = Number(row.sessions) + 1;
    counts.set(key, row);
  }
  section.rows = [...counts.values()].sort((a, b) => Number(b.sessions) - Number(a.sessions) || String(a.state).localeCompare(String(b.state)));
  const slots = Math.max(1, activity.maxConnections - activity.reservedConnections);
  section.notes.push(
    `${activity.inUse} of ${slots} connection slots in use on the server (${percent(activity.inUse / slots)}; max_connections ${activity.maxConnections} less ${activity.reservedConnections} reserved), budget ${percent(budgets.pool_usage, 0)}`,
  );
  section.notes.push(`sessions counted by state are this database's, perfctl's own left out`);
  section.blocking = blockingTrees(activity.sessions);
  return section;
}
