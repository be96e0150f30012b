import type { CheckReport } from './run.js';

/**
 * GitHub Actions workflow commands: a failure becomes `::error`, a warning
 * `::warning`, each pointing at the spec line of its query or index
 * (budgets, which have no line of their own, point at the file).
 */
export function githubAnnotations(report: CheckReport, specFile: string): string[] {
  return report.results.flatMap((r) => {
    if (r.verdict !== 'fail' && r.verdict !== 'warn') return [];
    const props = [`file=${property(specFile)}`, ...(r.pos ? [`line=${r.pos.line}`, `col=${r.pos.column}`] : []), `title=${property(`perfctl check: ${r.check}`)}`];
    const message = [r.message, ...(r.help ? [r.help] : [])].join('\n');
    return [`::${r.verdict === 'fail' ? 'error' : 'warning'} ${props.join(',')}::${data(message)}`];
  });
}

/** The escaping @actions/core applies: %, CR and LF in data; also : and , in properties. */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
