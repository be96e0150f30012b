/**
 * Take away what surrounds a plan when it is copied from psql or a log: a
 * UTF-8 BOM, CR line ends, psql's "QUERY PLAN" header, rules, frames and
 * "(N rows)" footer, the "+" / "↵" markers of a value that spans lines, and
 * the wrap markers of `\pset format wrapped`. Pure; keeps indentation.
 */
export function stripPsql(input: string): string[] {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    // Trailing spaces stay: a line cut by a terminal may have been cut just after one.
    let line = raw;
    const trimmed = raw.replace(/\s+$/, '');
    // Frames of \pset border 2 (ASCII or Unicode).
    if (/^\s*[│|]/.test(trimmed) && /[│|]$/.test(trimmed)) line = trimmed.replace(/^\s*[│|]/, '').replace(/[│|]$/, '');
    if (/^\s*[-─═+┌┐└┘├┤┬┴┼╞╡╪]+\s*$/.test(line) && /[-─═]/.test(line)) continue;
    if (/^\s*QUERY PLAN\s*$/.test(line)) continue;
    if (/^\s*\(\d+ rows?\)\s*$/.test(line)) continue;
    lines.push(line);
  }
  return joinContinuations(lines);
}

/** psql marks a value's own newlines with "+" (ASCII) or "↵" (Unicode), and wrapped lines with "." or "…" at both ends. */
function joinContinuations(lines: string[]): string[] {
  const marked = lines.filter((l) => / \+\s*$|↵\s*$/.test(l)).length;
  const plusMarkers = marked > 0 && marked >= lines.filter((l) => l.trim() !== '').length / 3;
  const out: string[] = [];
  let wrapping = false;
  for (const line of lines) {
    let current = plusMarkers ? line.replace(/\s*(\+|↵)\s*$/, '') : line.replace(/\s*↵\s*$/, '');
    if (wrapping && out.length > 0) {
      current = out.pop()! + current.replace(/^\s*[.…]/, '');
    }
    wrapping = /\S…\s*$/.test(current);
    if (wrapping) current = current.replace(/\s+$/, '');
    if (wrapping) current = current.slice(0, -1);
    out.push(current);
  }
  return out;
}
