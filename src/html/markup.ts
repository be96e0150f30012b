/**
 * HTML that escapes by default: `h\`<td>${value}</td>\`` escapes every value
 * it is given (query texts, names, messages: anything from the database or
 * the user) unless the value is itself markup built with `h`. Arrays are
 * joined; null, undefined and false render nothing.
 */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Content = Markup | string | number | boolean | null | undefined | Content[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: Content): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function h(strings: TemplateStringsArray, ...values: Content[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Markup(out);
}

/** Markup from a trusted constant (the page's own style sheet and script); never from data. */
export function trusted(text: string): Markup {
  return new Markup(text);
}
