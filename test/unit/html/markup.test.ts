import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { h, escapeHtml } from '../../../src/html/markup.js';
import { page } from '../../../src/html/page.js';
import { SCRIPT } from '../../../src/html/script.js';

describe('html markup', () => {
  it('escapes every value unless it is markup itself', () => {
    const name = `"><script>alert('x')</script>&`;
    expect(h`<td title="${name}">${name}</td>`.text).toBe('<td title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</td>');
    expect(h`<ul>${['<a>', h`<li>${'<b>'}</li>`]}</ul>`.text).toBe('<ul>&lt;a&gt;<li>&lt;b&gt;</li></ul>');
    expect(h`${null}${undefined}${false}${0}`.text).toBe('0');
    expect(escapeHtml('a & b')).toBe('a &amp; b');
  });

  it('lets the page run its own script only, by hash, and load nothing', () => {
    const html = page('t <x>', h`<p>${'</script>'}</p>`);
    const hash = createHash('sha256').update(SCRIPT).digest('base64');
    expect(html).toContain(`script-src &#39;sha256-${hash}&#39;`);
    expect(html).toContain('default-src &#39;none&#39;');
    expect(html).toContain('<title>t &lt;x&gt;</title>');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});
