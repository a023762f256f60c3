/**
 * SVG primitives, written as strings. Every text that came from a run passes through `esc`; numbers are ours.
 *
 * The charts share one layout: a label gutter on the left, a plot area whose x axis is virtual time, and rows
 * stacked from the top. Colours live in the page's stylesheet (classes), which keeps each element short.
 */
import { esc, ms, n1 } from './escape.ts';

export const GUTTER = 190;
export const PLOT_WIDTH = 1300;
export const RIGHT_PAD = 24;
export const AXIS_HEIGHT = 24;

export interface Scale {
  t0: number;
  t1: number;
  x0: number;
  width: number;
  x(t: number): number;
}

export function makeScale(t0: number, t1: number, x0 = GUTTER, width = PLOT_WIDTH): Scale {
  const span = t1 > t0 ? t1 - t0 : 1;
  return { t0, t1: t0 + span, x0, width, x: (t) => x0 + ((t - t0) / span) * width };
}

/** Round tick positions (1, 2 or 5 × 10^k ms apart), about `target` of them. */
export function ticks(scale: Scale, target = 12): number[] {
  const span = scale.t1 - scale.t0;
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag) || 1;
  const out: number[] = [];
  for (let t = Math.ceil(scale.t0 / step) * step; t <= scale.t1 + 1e-9; t += step) out.push(Math.round(t * 1000) / 1000);
  return out;
}

/** A rectangle from time `from` to `to`, at least `minWidth` px wide, with an optional tooltip. */
export function span(scale: Scale, from: number, to: number, y: number, h: number, cls: string, title?: string, extra = '', minWidth = 1): string {
  const x = scale.x(from);
  const w = Math.max(minWidth, scale.x(to) - x);
  const attrs = `x="${n1(x)}" y="${n1(y)}" width="${n1(w)}" height="${n1(h)}" class="${cls}"${extra}`;
  return title === undefined ? `<rect ${attrs}/>` : `<rect ${attrs}><title>${esc(title)}</title></rect>`;
}

export function text(x: number, y: number, content: string, cls: string, extra = ''): string {
  return `<text x="${n1(x)}" y="${n1(y)}" class="${cls}"${extra}>${esc(content)}</text>`;
}

/** Text drawn inside a bar only when it fits (about 6 px a character at the size the stylesheet uses). */
export function labelIn(scale: Scale, from: number, to: number, y: number, h: number, content: string, cls: string): string {
  const x = scale.x(from);
  const w = scale.x(to) - x;
  const room = Math.floor((w - 6) / 6);
  if (room < 3) return '';
  const shown = content.length > room ? content.slice(0, room - 1) + '…' : content;
  return text(x + 3, y + h / 2 + 3.5, shown, cls);
}

/** One row of a chart: a label in the gutter and a body drawn at vertical offset `y`. */
export interface Row {
  label: string;
  /** Tooltip of the label (the full name when the label is cut). */
  labelTitle?: string;
  height: number;
  /** A section heading row, drawn across the gutter in bold. */
  heading?: boolean;
  body(y: number): string;
}

export interface ChartOptions {
  id: string;
  scale: Scale;
  rows: readonly Row[];
  /** Drawn behind the rows, across the chart's whole height (fault bands). */
  background?(top: number, bottom: number): string;
  ariaLabel: string;
}

function axisLine(scale: Scale, y: number, above: boolean): string {
  let out = `<line x1="${n1(scale.x0)}" x2="${n1(scale.x0 + scale.width)}" y1="${n1(y)}" y2="${n1(y)}" class="axis"/>`;
  for (const t of ticks(scale)) {
    const x = scale.x(t);
    out += `<line x1="${n1(x)}" x2="${n1(x)}" y1="${n1(y)}" y2="${n1(above ? y - 4 : y + 4)}" class="axis"/>`;
    out += text(x, above ? y - 7 : y + 14, ms(t), 'tick');
  }
  return out;
}

function grid(scale: Scale, top: number, bottom: number): string {
  let out = '';
  for (const t of ticks(scale)) {
    const x = n1(scale.x(t));
    out += `<line x1="${x}" x2="${x}" y1="${n1(top)}" y2="${n1(bottom)}" class="grid"/>`;
  }
  return out;
}

function cut(label: string, max: number): string {
  return label.length > max ? label.slice(0, max - 1) + '…' : label;
}

/** Lays the rows out top to bottom and returns the whole `<svg>`, axes above and below. */
export function chart(options: ChartOptions): string {
  const { scale, rows } = options;
  const top = AXIS_HEIGHT;
  let y = top;
  const labels: string[] = [];
  const bodies: string[] = [];
  for (const row of rows) {
    if (row.heading) {
      labels.push(`<line x1="0" x2="${n1(scale.x0 + scale.width)}" y1="${n1(y + 0.5)}" y2="${n1(y + 0.5)}" class="section-rule"/>`);
      labels.push(text(4, y + row.height - 5, row.label, 'section'));
    } else {
      const title = row.labelTitle ?? (row.label.length > 28 ? row.label : undefined);
      const label = text(4, y + row.height / 2 + 4, cut(row.label, 28), 'lane-label');
      labels.push(title === undefined ? label : `<g>${label.replace('</text>', `<title>${esc(title)}</title></text>`)}</g>`);
    }
    bodies.push(row.body(y));
    y += row.height;
  }
  const bottom = y;
  const height = bottom + AXIS_HEIGHT;
  const width = scale.x0 + scale.width + RIGHT_PAD;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" id="${esc(options.id)}" class="chart" width="${width}" height="${n1(height)}" viewBox="0 0 ${width} ${n1(height)}" role="img" aria-label="${esc(options.ariaLabel)}"` +
    ` data-t0="${scale.t0}" data-t1="${scale.t1}" data-x0="${scale.x0}" data-w="${scale.width}">` +
    `<rect x="${scale.x0}" y="${top}" width="${scale.width}" height="${n1(bottom - top)}" class="plot"/>` +
    grid(scale, top, bottom) +
    (options.background?.(top, bottom) ?? '') +
    bodies.join('') +
    labels.join('') +
    axisLine(scale, top, true) +
    axisLine(scale, bottom, false) +
    `<line class="cursor" x1="-10" x2="-10" y1="${top}" y2="${n1(bottom)}"/><text class="cursor-t" x="-100" y="${top + 11}"></text>` +
    `</svg>`
  );
}
