/** The page's style sheet: system fonts only (nothing to load), light and dark. */
export const STYLE = `
:root { --bg: #f6f7f9; --card: #fff; --fg: #1d2330; --dim: #5d6778; --line: #e1e5eb; --accent: #2f6fde;
  --hot: #d03b3b; --warn: #d98a00; --ok: #1f9d55; --muted: #9aa5b5; --bar: #4c84e6; --code: #f1f3f6; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #14171c; --card: #1c2027; --fg: #e3e7ee; --dim: #9aa4b3; --line: #2d333d; --accent: #6ea0ff;
    --hot: #f06464; --warn: #f0a830; --ok: #3cc47c; --muted: #6b7686; --bar: #5e93f0; --code: #242a33; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 60px; }
header.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 18px; margin-bottom: 14px; }
h1 { font-size: 22px; margin: 0; }
h2 { font-size: 18px; margin: 0 0 8px; }
h3 { font-size: 14px; margin: 16px 0 6px; color: var(--dim); text-transform: uppercase; letter-spacing: .04em; }
.meta { color: var(--dim); }
code, pre, .sql, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 14px 0; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
nav.toc a { text-decoration: none; color: var(--accent); background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 2px 10px; }
nav.toc a .count { color: var(--dim); margin-left: 4px; }
.verdict { font-weight: 600; padding: 3px 10px; border-radius: 4px; color: #fff; }
.verdict.ok { background: var(--ok); } .verdict.over { background: var(--hot); } .verdict.unknown { background: var(--muted); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 10px 0; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.tile .figure { font-size: 22px; font-weight: 600; }
.tile .what { color: var(--dim); font-size: 12px; }
.tile.error .figure { color: var(--hot); } .tile.warning .figure { color: var(--warn); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--dim); font-weight: 600; white-space: nowrap; background: var(--card); position: sticky; top: 0; }
th[data-sort] { cursor: pointer; user-select: none; }
th[data-sort]:hover { color: var(--fg); }
th[aria-sort=descending]::after { content: " ▼"; } th[aria-sort=ascending]::after { content: " ▲"; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.flagged td:first-child { box-shadow: inset 3px 0 var(--warn); }
tr.over td:first-child, tr.hot td:first-child { box-shadow: inset 3px 0 var(--hot); }
.sql { white-space: pre-wrap; word-break: break-word; margin: 0; }
.sql.clamp { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; cursor: pointer; max-width: 560px; }
.sql.clamp.open { display: block; -webkit-line-clamp: unset; }
pre.sql { background: var(--code); padding: 8px 10px; border-radius: 6px; overflow-x: auto; }
.tag { display: inline-block; font-size: 11.5px; padding: 0 6px; border-radius: 3px; border: 1px solid currentColor; margin: 1px 2px 1px 0; white-space: nowrap; }
.tag.hot { color: var(--hot); } .tag.warn { color: var(--warn); } .tag.muted { color: var(--dim); }
.sev { display: inline-block; min-width: 62px; text-align: center; font-size: 11.5px; font-weight: 600; border-radius: 3px; padding: 0 6px; color: #fff; }
.sev.error { background: var(--hot); } .sev.warning { background: var(--warn); } .sev.notice { background: var(--muted); }
ul.findings { list-style: none; padding: 0; margin: 6px 0; }
ul.findings > li { border-top: 1px solid var(--line); padding: 8px 0; }
ul.findings .object { font-weight: 600; word-break: break-all; }
ul.findings .check { color: var(--dim); }
.help { color: var(--dim); margin-top: 2px; }
.help::before { content: "→ "; }
.problem { border-left: 3px solid var(--warn); padding: 4px 10px; margin: 6px 0; background: var(--code); border-radius: 0 4px 4px 0; }
.notes { color: var(--dim); font-size: 12.5px; margin: 6px 0 0; padding-left: 18px; }
.empty { color: var(--dim); font-style: italic; }
figure.chart { margin: 10px 0 14px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
figure.chart svg { max-width: 100%; height: auto; }
svg text { fill: var(--fg); font-size: 12px; }
svg text.label { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 11.5px; }
svg text.value { fill: var(--dim); }
svg .bar rect { fill: var(--bar); }
svg .bar.hot rect { fill: var(--hot); } svg .bar.warn rect { fill: var(--warn); } svg .bar.muted rect { fill: var(--muted); }
svg .marker line { stroke: var(--fg); stroke-dasharray: 4 3; stroke-width: 1; }
svg .marker text { font-size: 11px; fill: var(--dim); }
.legend { margin: 0 0 4px; color: var(--dim); font-size: 12px; }
.key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 8px; background: var(--bar); vertical-align: -1px; }
.key.hot { background: var(--hot); } .key.warn { background: var(--warn); } .key.muted { background: var(--muted); }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 18px; }
ul.tree li { position: relative; }
table.plan td { padding: 3px 8px; }
table.plan td.tree { min-width: 360px; }
table.plan summary { cursor: pointer; list-style-position: outside; }
table.plan .op { font-weight: 500; }
table.plan .rel { color: var(--dim); font-size: 12px; }
table.plan tr.never td { color: var(--muted); }
table.plan tr.finding-high td.tree { box-shadow: inset 3px 0 var(--hot); }
table.plan tr.finding-medium td.tree { box-shadow: inset 3px 0 var(--warn); }
table.plan tr.finding-low td.tree { box-shadow: inset 3px 0 var(--muted); }
table.plan tr:target td { background: var(--code); }
td.self { min-width: 170px; }
.selfbar { display: inline-block; width: 70px; height: 9px; background: var(--code); border-radius: 2px; margin-right: 6px; vertical-align: 0; overflow: hidden; }
.selfbar span { display: block; height: 100%; background: var(--bar); }
.selfbar.warm span { background: var(--warn); } .selfbar.hot span { background: var(--hot); }
.node-details { margin: 4px 0 6px 14px; font-size: 12.5px; }
.node-details .k { color: var(--dim); }
.finding-on-node { margin-top: 4px; }
.badge { font-size: 11px; padding: 0 5px; border-radius: 3px; color: #fff; text-decoration: none; margin-left: 2px; }
.badge.high, .sev.high { background: var(--hot); } .badge.medium, .sev.medium { background: var(--warn); } .badge.low, .sev.low { background: var(--muted); }
.tag.ok { color: var(--ok); }
pre.statement { max-height: 360px; overflow: auto; }
footer { color: var(--dim); font-size: 12px; margin-top: 24px; }
`;
