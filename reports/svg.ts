/**
 * The timeline and region charts' frame, drawn with d3 (DESIGN.md §6): a label gutter on the left, a plot area
 * whose x axis is virtual time (a d3 linear scale with d3's axes), and rows stacked from the top, each drawing
 * itself into its own layer. Colours live in the page's stylesheet (classes), which keeps each element short;
 * texts from a run go in through `.text()` and `.attr()`, which the serialiser escapes.
 *
 * Building a node in d3-node's jsdom costs tens of microseconds, so rows keep to an element budget: what is
 * drawn one by one has a tooltip, and what is too dense for that is merged into one path per class.
 */
import type { NumberValue, ScaleLinear } from 'd3';
import { d3Module, svgCanvas, type SvgSelection } from './d3.ts';
import { ms, n1 } from './escape.ts';

export const GUTTER = 190;
export const PLOT_WIDTH = 1300;
export const RIGHT_PAD = 24;
export const AXIS_HEIGHT = 24;
const LABEL_CHARS = 28;

/** Where a row draws: a `<g>` of the chart. */
export type Layer = SvgSelection;

export interface Scale {
  t0: number;
  t1: number;
  x0: number;
  width: number;
  x: ScaleLinear<number, number>;
}

export function makeScale(t0: number, t1: number, x0 = GUTTER, width = PLOT_WIDTH): Scale {
  const span = t1 > t0 ? t1 - t0 : 1;
  const x = d3Module().scaleLinear().domain([t0, t0 + span]).range([x0, x0 + width]);
  return { t0, t1: t0 + span, x0, width, x };
}

/** A rectangle from time `from` to `to`, at least `minWidth` px wide, with an optional tooltip. */
export function bar(layer: Layer, scale: Scale, from: number, to: number, y: number, h: number, cls: string, title?: string, minWidth = 1): Layer {
  const x = scale.x(from);
  const w = Math.max(minWidth, scale.x(to) - x);
  const rect = layer.append('rect').attr('x', n1(x)).attr('y', n1(y)).attr('width', n1(w)).attr('height', n1(h)).attr('class', cls);
  if (title !== undefined) rect.append('title').text(title);
  return rect;
}

/** `bar` as a path: two attributes instead of five, for the rows that draw thousands (d3-node's DOM is slow to build). */
export function barPath(layer: Layer, scale: Scale, from: number, to: number, y: number, h: number, cls: string, title: string, minWidth = 1): Layer {
  const x = scale.x(from);
  const w = Math.max(minWidth, scale.x(to) - x);
  const path = layer.append('path').attr('d', `M${n1(x)} ${n1(y)}h${n1(w)}v${n1(h)}h${n1(-w)}z`).attr('class', cls);
  path.append('title').text(title);
  return path;
}

export function text(layer: Layer, x: number, y: number, content: string, cls: string): Layer {
  return layer.append('text').attr('x', n1(x)).attr('y', n1(y)).attr('class', cls).text(content);
}

/** Text drawn inside a bar only when it fits (about 6 px a character at the size the stylesheet uses). */
export function labelIn(layer: Layer, scale: Scale, from: number, to: number, y: number, h: number, content: string, cls: string): void {
  const x = scale.x(from);
  const room = Math.floor((scale.x(to) - x - 6) / 6);
  if (room < 3) return;
  text(layer, x + 3, y + h / 2 + 3.5, content.length > room ? content.slice(0, room - 1) + '…' : content, cls);
}

/** Many rectangles as one path (d3's path, rounded to a tenth of a pixel): for what is too dense to draw one by one. */
export function mergedBars(layer: Layer, cls: string, rects: readonly (readonly [number, number, number, number])[]): void {
  if (rects.length === 0) return;
  const path = d3Module().pathRound(1);
  for (const [x, y, w, h] of rects) path.rect(x, y, w, h);
  layer.append('path').attr('class', cls).attr('d', path.toString());
}

/** One row of a chart: a label in the gutter and a body drawn from vertical offset `y`. */
export interface Row {
  label: string;
  /** Tooltip of the label (the full name when the label is cut). */
  labelTitle?: string;
  height: number;
  /** A section heading row, drawn across the gutter in bold. */
  heading?: boolean;
  draw?(layer: Layer, y: number): void;
}

export interface ChartOptions {
  id: string;
  scale: Scale;
  rows: readonly Row[];
  /** Drawn behind the rows, across the chart's whole height (fault bands). */
  background?(layer: Layer, top: number, bottom: number): void;
  ariaLabel: string;
}

function cut(label: string, max: number): string {
  return label.length > max ? label.slice(0, max - 1) + '…' : label;
}

function drawLabel(layer: Layer, row: Row, y: number, right: number): void {
  if (row.heading) {
    layer.append('line').attr('class', 'section-rule').attr('x1', 0).attr('x2', right).attr('y1', n1(y + 0.5)).attr('y2', n1(y + 0.5));
    text(layer, 4, y + row.height - 5, row.label, 'section');
    return;
  }
  const label = text(layer, 4, y + row.height / 2 + 4, cut(row.label, LABEL_CHARS), 'lane-label');
  const title = row.labelTitle ?? (row.label.length > LABEL_CHARS ? row.label : undefined);
  if (title !== undefined) label.append('title').text(title);
}

/** Lays the rows out top to bottom and returns the whole `<svg>`: d3 time axes above and below, grid lines at their ticks. */
export function chart(options: ChartOptions): string {
  const { scale, rows } = options;
  const d3 = d3Module();
  const top = AXIS_HEIGHT;
  const bottom = top + rows.reduce((sum, row) => sum + row.height, 0);
  const width = scale.x0 + scale.width + RIGHT_PAD;
  const right = scale.x0 + scale.width;
  const { svg, markup } = svgCanvas(width, bottom + AXIS_HEIGHT, {
    id: options.id,
    class: 'chart',
    role: 'img',
    'aria-label': options.ariaLabel,
    'data-t0': scale.t0,
    'data-t1': scale.t1,
    'data-x0': scale.x0,
    'data-w': scale.width,
  });
  svg.append('rect').attr('class', 'plot').attr('x', scale.x0).attr('y', top).attr('width', scale.width).attr('height', n1(bottom - top));
  const ticks = scale.x.ticks(12);
  svg.append('g').attr('class', 'grid').selectAll('line').data(ticks).join('line').attr('x1', (t) => n1(scale.x(t))).attr('x2', (t) => n1(scale.x(t))).attr('y1', top).attr('y2', n1(bottom));
  if (options.background !== undefined) options.background(svg.append('g').attr('class', 'background'), top, bottom);

  const bodies = svg.append('g').attr('class', 'rows');
  const labels = svg.append('g').attr('class', 'labels');
  let y = top;
  for (const row of rows) {
    if (row.draw !== undefined) row.draw(bodies.append('g'), y);
    drawLabel(labels, row, y, right);
    y += row.height;
  }

  const format = (t: NumberValue): string => ms(Number(t));
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${top})`).call(d3.axisTop(scale.x).tickValues(ticks).tickFormat(format).tickSizeOuter(0));
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${n1(bottom)})`).call(d3.axisBottom(scale.x).tickValues(ticks).tickFormat(format).tickSizeOuter(0));
  svg.append('line').attr('class', 'cursor').attr('x1', -10).attr('x2', -10).attr('y1', top).attr('y2', n1(bottom));
  svg.append('text').attr('class', 'cursor-t').attr('x', -100).attr('y', top + 11);
  return markup();
}
