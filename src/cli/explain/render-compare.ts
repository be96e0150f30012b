import { summariseChanges, type PlanChange } from '../../core/explain/compare.js';
import type { Theme } from '../theme.js';

export function renderComparison(baseline: string, changes: PlanChange[], theme: Theme): string[] {
  const lines = [theme.bold(`Compared with ${baseline}`)];
  if (changes.length === 0) return [...lines, `  ${theme.ok('=')} the same plan`];
  for (const change of changes) {
    const mark = change.effect === 'regression' ? theme.error('▲ worse ') : change.effect === 'improvement' ? theme.ok('▼ better') : theme.dim('• change');
    lines.push(`  ${mark} ${change.message}`);
  }
  lines.push(theme.dim(`  ${summariseChanges(changes)}`));
  return lines;
}
