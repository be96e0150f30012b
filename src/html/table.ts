import { h, type Content, type Markup } from './markup.js';

/** One cell: what people read, and the raw figure the column sorts by (absent for text). */
export interface Cell {
  text: Content;
  sort?: number | null;
  className?: string;
}

export interface Column<R> {
  head: string;
  /** Numbers sort by `sort`, largest first on the first click; text sorts alphabetically. */
  numeric?: boolean;
  cell(row: R): Cell;
}

export interface TableOptions<R> {
  id: string;
  columns: Array<Column<R>>;
  rows: R[];
  rowClass?: (row: R) => string | undefined;
  caption?: string;
}

/** A table whose headers sort it (the page's script); every value escaped. */
export function sortableTable<R>(t: TableOptions<R>): Markup {
  const head = t.columns.map((c) => h`<th data-sort="${c.numeric ? 'number' : 'text'}" scope="col" tabindex="0">${c.head}</th>`);
  const body = t.rows.map((row) => {
    const cells = t.columns.map((c) => {
      const cell = c.cell(row);
      const v = cell.sort === undefined || cell.sort === null ? '' : h` data-v="${cell.sort}"`;
      const cls = [c.numeric ? 'n' : '', cell.className ?? ''].filter(Boolean).join(' ');
      return h`<td${cls ? h` class="${cls}"` : ''}${v}>${cell.text}</td>`;
    });
    const cls = t.rowClass?.(row);
    return h`<tr${cls ? h` class="${cls}"` : ''}>${cells}</tr>`;
  });
  return h`<div class="scroll"><table class="sortable" id="${t.id}">${t.caption ? h`<caption>${t.caption}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
