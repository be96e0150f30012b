import { h, type Markup } from './markup.js';

export type Tone = 'plain' | 'hot' | 'warn' | 'muted';

export interface Bar {
  label: string;
  value: number;
  /** The value as people read it, printed after the bar. */
  text: string;
  tone?: Tone;
  /** A tooltip: the full label (a statement's whole text) or more figures. */
  title?: string;
}

export interface BarChart {
  id: string;
  title: string;
  bars: Bar[];
  /** A vertical line at this value, such as a budget. */
  marker?: { value: number; label: string };
  /** Bars are scaled to this maximum (default: the largest bar or the marker). */
  max?: number;
  legend?: Array<{ tone: Tone; label: string }>;
}

const WIDTH = 1000;
const ROW = 38;
const LABEL_CHARS = 140;

/**
 * A horizontal bar chart in hand-written SVG: each bar under its label, the
 * value after it. Labels are cut to one line; the tooltip has the full text.
 */
export function barChart(chart: BarChart): Markup {
  const max = chart.max ?? Math.max(...chart.bars.map((b) => b.value), chart.marker?.value ?? 0, 0);
  const area = WIDTH - 300;
  const scale = (v: number) => (max > 0 ? Math.max(0, Math.min(1, v / max)) * area : 0);
  const height = chart.bars.length * ROW + (chart.marker ? 18 : 4);
  const rows = chart.bars.map((bar, i) => {
    const y = i * ROW + (chart.marker ? 16 : 0);
    const w = scale(bar.value);
    return h`<g class="bar ${bar.tone ?? 'plain'}" data-value="${bar.value}"><title>${bar.title ?? bar.label}</title><text x="0" y="${y + 12}" class="label">${cut(bar.label)}</text><rect x="0" y="${y + 17}" width="${Math.max(w, bar.value > 0 ? 1.5 : 0).toFixed(1)}" height="14" rx="2"></rect><text x="${(w + 6).toFixed(1)}" y="${y + 28}" class="value">${bar.text}</text></g>`;
  });
  const marker = chart.marker
    ? h`<g class="marker"><line x1="${scale(chart.marker.value).toFixed(1)}" x2="${scale(chart.marker.value).toFixed(1)}" y1="12" y2="${height}"></line><text x="${scale(chart.marker.value).toFixed(1)}" y="10" text-anchor="middle">${chart.marker.label}</text></g>`
    : '';
  const legend = chart.legend?.length ? h`<p class="legend">${chart.legend.map((l) => h`<span class="key ${l.tone}"></span>${l.label} `)}</p>` : '';
  return h`<figure class="chart" id="${chart.id}"><figcaption>${chart.title}</figcaption>${legend}<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${chart.title}">${rows}${marker}</svg></figure>`;
}

function cut(label: string): string {
  const line = label.replace(/\s+/g, ' ').trim();
  return line.length <= LABEL_CHARS ? line : `${line.slice(0, LABEL_CHARS - 1)}…`;
}
