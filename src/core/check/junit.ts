import type { CheckReport } from './run.js';
import type { CheckResult } from './types.js';

/**
 * JUnit XML as CI test reporters read it: <testsuites> with one <testsuite>
 * per check and one <testcase> per result; a fail is a <failure>, a skip a
 * <skipped>, a warning passes with the warning in <system-out>.
 */
export function renderJunit(report: CheckReport, specFile: string, seconds: number): string {
  const byCheck = new Map<string, CheckResult[]>();
  for (const r of report.results) byCheck.set(r.check, [...(byCheck.get(r.check) ?? []), r]);
  const count = (rs: CheckResult[], v: CheckResult['verdict']) => rs.filter((r) => r.verdict === v).length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites name="perfctl check" tests="${report.results.length}" failures="${report.counts.fail}" errors="0" skipped="${report.counts.skip}" time="${seconds.toFixed(3)}">`);
  for (const [check, results] of byCheck) {
    lines.push(`  <testsuite name="${attr(check)}" tests="${results.length}" failures="${count(results, 'fail')}" errors="0" skipped="${count(results, 'skip')}">`);
    for (const r of results) lines.push(...testcase(r, specFile));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testcase(r: CheckResult, specFile: string): string[] {
  const where = r.pos ? ` file="${attr(specFile)}" line="${r.pos.line}"` : '';
  const open = `    <testcase classname="perfctl.check.${attr(r.check)}" name="${attr(`${r.subject.kind} ${r.subject.name}`)}"${where}>`;
  const body = [r.message, ...r.detail, ...(r.help ? [`hint: ${r.help}`] : [])].join('\n');
  switch (r.verdict) {
    case 'pass':
      return [open.replace(/>$/, ' />')];
    case 'fail':
      return [open, `      <failure message="${attr(r.message)}" type="${attr(r.check)}">${text(body)}</failure>`, '    </testcase>'];
    case 'skip':
      return [open, `      <skipped message="${attr(r.message)}" />`, '    </testcase>'];
    case 'warn':
      return [open, `      <system-out>${text(`warning: ${body}`)}</system-out>`, '    </testcase>'];
  }
}

/** XML 1.0 cannot carry most control characters at all, even escaped. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
