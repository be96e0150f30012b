import { createHash } from 'node:crypto';
import { h, trusted, type Markup } from './markup.js';
import { SCRIPT } from './script.js';
import { STYLE } from './style.js';

/**
 * One self-contained page: its style sheet and script inline, system fonts,
 * and a Content-Security-Policy that lets it load nothing at all and run no
 * script but its own (by hash), so a statement text that slipped through
 * escaping could still not run or call out.
 */
export function page(title: string, body: Markup): string {
  const hash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="perfctl">
<title>${title}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
${body}
<script>${trusted(SCRIPT)}</script>
</body>
</html>
`.text;
}
