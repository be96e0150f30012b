/**
 * The line of `sql` holding character `index` (0-based), with a caret under
 * it: how psql points at a syntax error.
 *
 *   LINE 2:   WHERE emal = $1
 *                   ^
 */
export function caretExcerpt(sql: string, index: number, maxWidth = 100): string {
  const at = Math.max(0, Math.min(index, sql.length));
  const lineStart = sql.lastIndexOf('\n', at - 1) + 1;
  const lineEndRaw = sql.indexOf('\n', at);
  const lineEnd = lineEndRaw === -1 ? sql.length : lineEndRaw;
  const lineNumber = sql.slice(0, lineStart).split('\n').length;
  let line = sql.slice(lineStart, lineEnd).replace(/\t/g, ' ');
  let column = at - lineStart;
  // Keep the caret visible on long lines: cut to a window around it.
  if (line.length > maxWidth) {
    const start = Math.max(0, Math.min(column - Math.floor(maxWidth / 2), line.length - maxWidth));
    line = `${start > 0 ? '…' : ''}${line.slice(start, start + maxWidth)}${start + maxWidth < line.length ? '…' : ''}`;
    column = column - start + (start > 0 ? 1 : 0);
  }
  const label = `LINE ${lineNumber}: `;
  return `${label}${line}\n${' '.repeat(label.length + column)}^`;
}

/** Convert a UTF-8 byte offset into a character offset of `text`. */
export function byteToCharIndex(text: string, byteOffset: number): number {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.subarray(0, Math.max(0, Math.min(byteOffset, bytes.length))).toString('utf8').length;
}
