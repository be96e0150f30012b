import { eastAsianWidth } from 'get-east-asian-width';

/**
 * How many terminal cells a text takes: CJK and emoji take two, combining
 * marks, joiners and variation selectors none, escape sequences none.
 * `.length` counts UTF-16 units, which is right only for ASCII.
 */
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u200b-\u200f\ufe00-\ufe0f]$/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ESCAPES, '')) width += charWidth(char);
  return width;
}

function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (code < 0x7f) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  return eastAsianWidth(code, { ambiguousAsWide: false });
}

/** The text cut to at most `width` cells, ending in "…" when something was cut. */
export function cutToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** Lines of at most `width` cells: broken at spaces where possible, inside a word where not. */
export function wrapToWidth(text: string, width: number): string[] {
  if (width <= 0) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/(\s+)/)) {
    if (word === '') continue;
    if (displayWidth(line + word) <= width) {
      line += word;
      continue;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = /^\s+$/.test(word) ? '' : word;
    while (displayWidth(line) > width) {
      const head = cutToWidth(line, width + 1).slice(0, -1) || String.fromCodePoint(line.codePointAt(0)!);
      lines.push(head);
      line = line.slice(head.length);
    }
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const pad = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? pad + text : text + pad;
}

/** Text wrapped to `width` cells as lines: the first after `indent`, the rest after `hanging`. */
export function wrapLines(text: string, width: number, indent = '', hanging = indent): string {
  if (!Number.isFinite(width)) return indent + text;
  const room = Math.max(20, width - displayWidth(hanging));
  const first = wrapToWidth(text, Math.max(20, width - displayWidth(indent)));
  const rest = first.length > 1 ? wrapToWidth(first.slice(1).join(' '), room) : [];
  return [indent + first[0], ...rest.map((l) => hanging + l)].join('\n');
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
    const w = charWidth(char);
    if (used + w > width) break;
    used += w;
    units += char.length;
  }
  return units;
}
