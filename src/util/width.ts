/**
 * Terminal columns a string takes: ANSI colour codes take none, combining
 * marks none, East Asian wide and fullwidth characters (and emoji) two.
 * Pure; for wrapping and truncating human output.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(/\x1b\[[0-9;]*m/g, '')) width += charWidth(char.codePointAt(0)!);
  return width;
}

function charWidth(code: number): number {
  if (code < 32 || (code >= 0x7f && code < 0xa0)) return 0;
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) || code === 0xfe0f) return 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) || (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) || (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Word-wrap to `width` columns by display width; the first line starts with `indent`, the others with `hanging`. Words longer than a line are cut. */
export function wrapText(text: string, width: number, indent = '', hanging = indent): string[] {
  const lines: string[] = [];
  let line = indent;
  let fresh = true;
  for (const word of text.split(' ')) {
    const gap = fresh ? '' : ' ';
    if (!fresh && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push(line);
      line = hanging;
      fresh = true;
    }
    let rest = word;
    while (fresh && displayWidth(line) + displayWidth(rest) > width && displayWidth(line) < width) {
      const cut = fit(rest, width - displayWidth(line));
      if (cut === 0) break;
      lines.push(line + rest.slice(0, cut));
      line = hanging;
      rest = rest.slice(cut);
    }
    line += (fresh ? '' : gap) + rest;
    fresh = false;
  }
  lines.push(line);
  return lines;
}

/** Cut to at most `width` columns, ending in "…" when something was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  return `${text.slice(0, fit(text, Math.max(1, width - 1)))}…`;
}

/** How many UTF-16 units of `text` fit in `width` columns (never splitting a surrogate pair). */
function fit(text: string, width: number): number {
  let used = 0;
  let units = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0)!);
    if (used + w > width) break;
    used += w;
    units += char.length;
  }
  return units;
}
