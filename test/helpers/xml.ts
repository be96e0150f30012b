/** A strict little XML reader for tests: elements, attributes and text; throws on anything malformed. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x?[0-9a-fA-F]+|\w+);/g, (whole, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    if (!(e in ENTITIES)) throw new Error(`unknown entity ${whole}`);
    return ENTITIES[e]!;
  });
}

export function parseXml(source: string): XmlElement {
  let i = 0;
  const text = source.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < text.length) {
    if (text[i] !== '<') {
      const end = text.indexOf('<', i);
      const chunk = text.slice(i, end === -1 ? text.length : end);
      if (chunk.includes('&') && /&(?!#x?[0-9a-fA-F]+;|\w+;)/.test(chunk)) throw new Error(`bare & in text at ${i}`);
      if (stack.length) stack[stack.length - 1]!.text += decode(chunk);
      else if (chunk.trim()) throw new Error(`text outside the root at ${i}`);
      i = end === -1 ? text.length : end;
      continue;
    }
    const close = text.indexOf('>', i);
    if (close === -1) throw new Error(`unterminated tag at ${i}`);
    const tag = text.slice(i + 1, close);
    i = close + 1;
    if (tag.startsWith('/')) {
      const open = stack.pop();
      if (!open || open.name !== tag.slice(1).trim()) throw new Error(`</${tag.slice(1)}> does not close <${open?.name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = /^[A-Za-z_][\w.-]*/.exec(body)?.[0];
    if (!name) throw new Error(`bad tag <${tag}>`);
    const attrs: Record<string, string> = {};
    const rest = body.slice(name.length);
    const attrRe = /\s+([\w.-]+)="([^"<]*)"/gy;
    let m: RegExpExecArray | null;
    let consumed = 0;
    while ((m = attrRe.exec(rest))) {
      if (m[1]! in attrs) throw new Error(`duplicate attribute ${m[1]}`);
      attrs[m[1]!] = decode(m[2]!);
      consumed = attrRe.lastIndex;
    }
    if (rest.slice(consumed).trim()) throw new Error(`bad attributes in <${tag}>`);
    const element: XmlElement = { name, attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1]!.name}> is not closed`);
  if (!root) throw new Error('no root element');
  return root;
}
