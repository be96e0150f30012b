import { quoteLiteral } from '../../util/text.js';
import type { Severity } from '../finding.js';
import { displayValue } from './units.js';
import type { Recommendation, RecommendationEvidence, TuneInput } from './types.js';

/** A rule of `tune`: pure, from the facts read once to what it would change. */
export interface TuneRule {
  id: string;
  /** One line for docs and --help: what it looks at. */
  summary: string;
  /** What it would change, or why it could not look (a sentence: what is missing and how to give it). */
  check(input: TuneInput): Recommendation[] | string;
}

interface Change {
  id: string;
  setting: string;
  proposed: string;
  message: string;
  evidence: RecommendationEvidence;
  risk: string;
  help?: string;
  severity?: Severity;
}

/** A server setting to change with ALTER SYSTEM; restart comes from pg_settings.context. */
export function settingChange(input: TuneInput, change: Change): Recommendation {
  const setting = input.facts.settings[change.setting];
  const restart = setting?.context === 'postmaster';
  return {
    id: change.id,
    severity: change.severity ?? 'warning',
    subject: change.setting,
    message: change.message,
    evidence: change.evidence,
    help: change.help ?? `ALTER SYSTEM SET ${change.setting} = ${quoteLiteral(change.proposed)}; then ${restart ? 'restart the server' : 'SELECT pg_reload_conf();'}`,
    setting: change.setting,
    current: displayValue(setting),
    proposed: change.proposed,
    risk: change.risk,
    restart,
    sql: `ALTER SYSTEM SET ${change.setting} = ${quoteLiteral(change.proposed)};`,
  };
}

/** Outside [low, high] × the target, a value is worth changing; inside, it is a matter of taste. */
export function outside(current: number, target: number, low = 0.5, high = 2): boolean {
  return current < target * low || current > target * high;
}
