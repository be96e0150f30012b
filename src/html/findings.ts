import type { Finding } from '../core/report/types.js';
import { groupBy } from '../core/report/group.js';
import { h, type Markup } from './markup.js';

/** A statement's text, clamped to three lines until clicked; hidden texts say so. */
export function sqlText(sql: string | null | undefined): Markup {
  return sql === null || sql === undefined ? h`<span class="empty">(text hidden)</span>` : h`<div class="sql clamp">${sql}</div>`;
}

/**
 * Every finding, grouped by check in the order they came: severity, object,
 * message, statement, and the help line (once while it repeats).
 */
export function findingList(findings: Finding[]): Markup {
  if (findings.length === 0) return h``;
  const groups = [...groupBy(findings, (f) => f.check)];
  return h`<div class="findings">${groups.map(([check, list]) => {
    let help: string | undefined;
    const items = list.map((f) => {
      const showHelp = f.help !== help;
      help = f.help;
      return h`<li class="finding ${f.severity}"><span class="sev ${f.severity}">${f.severity}</span> <span class="object">${f.object}</span>: ${f.message}${f.sql ? sqlText(f.sql) : ''}${showHelp ? h`<div class="help">${f.help}</div>` : ''}</li>`;
    });
    return h`<h3>${check} <span class="count">(${list.length})</span></h3><ul class="findings" data-check="${check}">${items}</ul>`;
  })}</div>`;
}
