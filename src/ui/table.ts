import { cutToWidth, displayWidth, padToWidth, wrapToWidth } from '../util/width.js';

/**
 * Tables that fit the terminal. Widths are display widths (CJK and emoji take
 * two cells). When the natural table is too wide, in this order: long text
 * columns (SQL, definitions) are cut or wrapped down to their minimum, the
 * columns least worth their room are dropped (names are never cut); if even
 * that does not fit, each row is printed as a record of "column │ value"
 * lines, as psql's expanded mode does. `width: Infinity` (--wide) fits nothing.
 */
export interface Column {
  head: string;
  align?: 'left' | 'right';
  /** Long text: shrinks first, cut to one line ('cut', the default) or wrapped over several ('wrap'). */
  flex?: 'cut' | 'wrap';
  /** Narrow terminals drop columns in `drop` order, 1 first; absent: never dropped. */
  drop?: number;
}

/** A cell: its text, and the style (colour) put on it once it is laid out. */
export type Cell = string | { text: string; style?: (s: string) => string };

export interface TableStyle {
  width: number;
  /** Records instead of a grid. */
  expanded?: boolean;
  border?: (s: string) => string;
  head?: (s: string) => string;
}

/** What a text column keeps while other columns can still be dropped, and the least it keeps at all. */
const COMFORTABLE_FLEX = 32;
const MIN_FLEX = 12;

const plain = (s: string) => s;
const textOf = (cell: Cell | undefined) => (cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text).replace(/\s*\n\s*/g, ' ');
const styleOf = (cell: Cell | undefined) => (cell === undefined || typeof cell === 'string' ? plain : cell.style ?? plain);

export function renderTable(columns: Column[], rows: Cell[][], style: TableStyle): string {
  const natural = columns.map((c, i) => Math.max(displayWidth(c.head), ...rows.map((r) => displayWidth(textOf(r[i])))));
  if (style.expanded) return renderRecords(columns, rows, style);
  const layout = fit(columns, natural, style.width);
  if (!layout) return renderRecords(columns, rows, style);
  return renderGrid(columns, rows, layout, style);
}

/** Shown columns and their widths, or undefined when no grid fits. */
function fit(columns: Column[], natural: number[], width: number): Map<number, number> | undefined {
  const shown = new Map(natural.map((w, i) => [i, w]));
  const total = () => [...shown.values()].reduce((n, w) => n + w + 3, 1);
  const flex = () => [...shown.keys()].filter((i) => columns[i]!.flex !== undefined);
  const shrink = (least: number) => {
    for (const i of flex().sort((a, b) => shown.get(b)! - shown.get(a)!)) {
      const over = total() - width;
      if (over <= 0) return;
      shown.set(i, Math.max(Math.min(natural[i]!, Math.max(displayWidth(columns[i]!.head), least)), shown.get(i)! - over));
    }
  };
  // Long text keeps a readable width while low-value columns go; only then is it squeezed further.
  shrink(COMFORTABLE_FLEX);
  const droppable = [...shown.keys()].filter((i) => columns[i]!.drop !== undefined).sort((a, b) => columns[a]!.drop! - columns[b]!.drop!);
  for (const i of droppable) {
    if (total() <= width) break;
    shown.delete(i);
  }
  shrink(MIN_FLEX);
  // Room left over goes back to the long text.
  for (const i of flex()) shown.set(i, Math.min(natural[i]!, shown.get(i)! + Math.max(0, width - total())));
  return total() <= width ? shown : undefined;
}

function renderGrid(columns: Column[], rows: Cell[][], layout: Map<number, number>, style: TableStyle): string {
  const border = style.border ?? plain;
  const head = style.head ?? plain;
  const order = [...layout.keys()].sort((a, b) => a - b);
  const rule = (left: string, mid: string, right: string) => border(left + order.map((i) => '─'.repeat(layout.get(i)! + 2)).join(mid) + right);
  const line = (cells: string[]) => `${border('│')} ${cells.join(` ${border('│')} `)} ${border('│')}`;
  const out = [rule('┌', '┬', '┐'), line(order.map((i) => head(padToWidth(cutToWidth(columns[i]!.head, layout.get(i)!), layout.get(i)!)))), rule('├', '┼', '┤')];
  for (const row of rows) {
    const parts = order.map((i) => {
      const w = layout.get(i)!;
      const text = textOf(row[i]);
      return columns[i]!.flex === 'wrap' ? wrapToWidth(text, w) : [cutToWidth(text, w)];
    });
    const height = Math.max(...parts.map((p) => p.length));
    for (let k = 0; k < height; k++) {
      out.push(line(order.map((i, j) => styleOf(row[i])(padToWidth(parts[j]![k] ?? '', layout.get(i)!, columns[i]!.align)))));
    }
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/** One block per row: a numbered rule, then "column │ value" lines wrapped to the width. */
function renderRecords(columns: Column[], rows: Cell[][], style: TableStyle): string {
  const border = style.border ?? plain;
  const head = style.head ?? plain;
  const label = Math.max(...columns.map((c) => displayWidth(c.head)));
  const room = Number.isFinite(style.width) ? Math.max(10, style.width - label - 3) : Infinity;
  const out: string[] = [];
  rows.forEach((row, n) => {
    const title = `─[ ${n + 1} ]`;
    out.push(border(Number.isFinite(style.width) ? title + '─'.repeat(Math.max(0, Math.min(style.width, 40) - displayWidth(title))) : `${title}${'─'.repeat(20)}`));
    columns.forEach((c, i) => {
      const lines = Number.isFinite(room) ? wrapToWidth(textOf(row[i]), room) : [textOf(row[i])];
      lines.forEach((l, k) => out.push(`${head(padToWidth(k === 0 ? c.head : '', label))} ${border('│')} ${styleOf(row[i])(l)}`));
    });
  });
  return out.join('\n');
}
