/**
 * EXPLAIN (FORMAT XML) into the structure FORMAT JSON prints. The XML names
 * each key with hyphens for spaces ("Node-Type"), lists as <Item> or <Plan>
 * children, and every value as text: numbers and booleans are restored here.
 */
type Value = string | number | boolean | Value[] | { [key: string]: Value };

interface Element {
  name: string;
  children: Element[];
  text: string;
}

/** Hyphens PostgreSQL's own key names contain, which must survive the hyphen-to-space conversion. */
const KEEP_HYPHEN: Record<string, string> = { 'Full sort Groups': 'Full-sort Groups', 'Pre sorted Groups': 'Pre-sorted Groups', 'One Time Filter': 'One-Time Filter' };
/** Keys whose values are text even when they look like numbers. */
const TEXT_KEYS = /Name|Alias|Filter|Cond|Key|Output|Command|Operation|Strategy|Mode|Type|Method|Direction|Relationship|Schema|Setting|Query Text|Provider|Identifier/;

export function parseXmlPlan(source: string): unknown {
  const root = parseElements(source);
  const explain = root.find((e) => e.name === 'explain') ?? root[0];
  if (!explain) return undefined;
  return explain.children.filter((e) => e.name === 'Query').map((q) => toValue(q, 'Query'));
}

function keyName(tag: string): string {
  const spaced = tag.replace(/-/g, ' ').replace(/^I O /, 'I/O ').replace(/ I O /g, ' I/O ');
  return KEEP_HYPHEN[spaced] ?? spaced;
}

function toValue(element: Element, key: string): Value {
  const list = ['Plans', 'Workers', 'Triggers', 'Sort Methods Used'].includes(key);
  if (element.children.length === 0) return list ? [] : scalar(element.text, key);
  if (list || element.children.every((c) => c.name === 'Item')) {
    return element.children.map((c) => toValue(c, c.name === 'Item' ? key : keyName(c.name)));
  }
  if (key === 'Settings') return Object.fromEntries(element.children.map((c) => [c.name, c.text]));
  return Object.fromEntries(element.children.map((c) => [keyName(c.name), toValue(c, keyName(c.name))]));
}

function scalar(text: string, key: string): Value {
  if (text === 'true' || text === 'false') return text === 'true';
  if ((key.startsWith('Rows Removed') || !TEXT_KEYS.test(key)) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e] ?? whole,
  );
}

/** Elements and text only: EXPLAIN's XML has no attributes that matter, no CDATA, no comments. */
function parseElements(source: string): Element[] {
  const top: Element = { name: '', children: [], text: '' };
  const stack: Element[] = [top];
  const tag = /<(\/?)([\w:-]+)[^>]*?(\/?)>|<\?[^>]*\?>/g;
  let last = 0;
  for (const m of source.matchAll(tag)) {
    const current = stack[stack.length - 1]!;
    current.text += decode(source.slice(last, m.index));
    last = m.index! + m[0].length;
    if (!m[2]) continue;
    if (m[1]) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const element: Element = { name: m[2], children: [], text: '' };
    current.children.push(element);
    if (!m[3]) stack.push(element);
  }
  const trim = (e: Element) => {
    e.text = e.children.length ? '' : e.text.trim();
    e.children.forEach(trim);
  };
  trim(top);
  return top.children;
}
