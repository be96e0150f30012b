import type { ReportData } from '../../db/catalog/report/types.js';
import type { Budgets } from '../../spec/types.js';
import { CHECKS } from './checks/index.js';
import { formatAge, secondsBetween } from './facts.js';
import { formatTimestamp } from '../../util/text.js';
import { groupBy } from './group.js';
import type { Section, SectionInput } from './section.js';
import { indexesSection } from './sections/indexes.js';
import { connectionsSection } from './sections/connections.js';
import { replicationSection } from './sections/replication.js';
import { sequencesSection } from './sections/sequences.js';
import { nPlusOneSection, slowQueriesSection } from './sections/statements.js';
import { cacheSection, tablesSection } from './sections/tables.js';
import { wraparoundSection } from './sections/wraparound.js';
import { buildTargets } from './targets.js';
import type { Finding, SectionId } from './types.js';

export interface ReportWindow {
  /** cumulative: counters since the statistics began; snapshot: since a --save file. */
  mode: 'cumulative' | 'snapshot';
  since: string;
  seconds: number;
  file?: string;
}

export interface Report {
  database: { name: string; server_version_num: number; now: string };
  window: ReportWindow;
  sections: Section[];
  findings: number;
  overBudget: boolean;
}

export interface BuildInput {
  data: ReportData;
  budgets: Budgets;
  sections: SectionId[];
  top: number;
  role: string;
  /** Set when `data` holds deltas since a snapshot. */
  snapshot?: { takenAt: string; file: string };
}

const BUILDERS: Record<Exclude<SectionId, 'targets'>, (input: SectionInput) => Section> = {
  'slow-queries': slowQueriesSection,
  'n-plus-one': nPlusOneSection,
  indexes: indexesSection,
  tables: tablesSection,
  cache: cacheSection,
  connections: connectionsSection,
  sequences: sequencesSection,
  wraparound: wraparoundSection,
  replication: replicationSection,
};

/** Run the checks of the requested sections and lay out each section. Pure: no client, no clock. */
export function buildReport(input: BuildInput): Report {
  const { data, budgets } = input;
  const window = reportWindow(input);
  const windowText = window.mode === 'snapshot' ? `since the snapshot ${window.file} (${formatAge(window.seconds)} ago)` : `since ${formatTimestamp(window.since)} (${formatAge(window.seconds)})`;
  const findings: Finding[] = CHECKS.filter((c) => input.sections.includes(c.section)).flatMap((c) => c.run({ data, budgets, statsAgeSeconds: window.seconds }));
  const sectionOf = new Map(CHECKS.map((c) => [c.id, c.section]));
  const bySection = groupBy(findings, (f) => sectionOf.get(f.check));
  const sections = input.sections.map((id): Section => {
    if (id === 'targets') {
      const targets = buildTargets(data, budgets, window.mode === 'snapshot');
      return { id, title: 'Targets', problems: [], notes: [], rows: targets.map((t) => ({ target: t.id, title: t.title, budget: t.limit, current: t.current, verdict: t.verdict, how: t.how })), findings: [], targets };
    }
    const mine = bySection.get(id) ?? [];
    return BUILDERS[id]({ data, budgets, top: input.top, role: input.role, findings: mine, statsAgeSeconds: window.seconds, windowText });
  });
  const overBudget = findings.some((f) => f.budget !== undefined) || sections.some((s) => s.targets?.some((t) => t.verdict === 'over'));
  return {
    database: { name: data.database.name, server_version_num: data.database.serverVersionNum, now: data.database.now },
    window,
    sections,
    findings: findings.length,
    overBudget,
  };
}

/**
 * Counters start at the last reset of this database's statistics. Never reset
 * (stats_reset is null): at least since the server started, the only moment
 * known for sure, which errs towards "too young to judge".
 */
export function reportWindow(input: BuildInput): ReportWindow {
  const db = input.data.database;
  if (input.snapshot) return { mode: 'snapshot', since: input.snapshot.takenAt, seconds: secondsBetween(db.now, input.snapshot.takenAt) ?? 0, file: input.snapshot.file };
  const since = db.statsReset ?? db.postmasterStart;
  return { mode: 'cumulative', since, seconds: secondsBetween(db.now, since) ?? 0 };
}
