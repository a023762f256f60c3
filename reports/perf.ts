/**
 * Jepsen's performance graphs (jepsen.checker.perf), drawn with d3: latency of every operation over time, as
 * points coloured by outcome; latency quantiles over time; and throughput by outcome — each over the run's
 * fault bands. A large run keeps every failed and indeterminate point and an even sample of the ok ones, so the
 * page stays within its element budget; the caption says how many are drawn.
 */
import type { ScaleLinear } from 'd3';
import { svgCanvas, type D3Module, type SvgSelection } from './d3.ts';
import { esc, ms } from './escape.ts';
import type { FaultSpan } from './faults.ts';
import { percentile } from './figures.ts';
import type { ReportModel } from './model.ts';
import type { Operation, Outcome } from './operations.ts';

export const MAX_LATENCY_POINTS = 4_000;
const BINS = 60;
const WIDTH = 1100;
const HEIGHT = 230;
const MARGIN = { top: 12, right: 110, bottom: 26, left: 64 };
const QUANTILES = [0.5, 0.95, 0.99, 1] as const;

type XScale = ScaleLinear<number, number>;

interface Point {
  t: number;
  latency: number;
  outcome: Outcome;
  f: string;
  index: number;
}

/** Every operation's latency; an indeterminate one is drawn at its give-up time (its latency is unknown). */
function points(operations: readonly Operation[]): Point[] {
  const out: Point[] = [];
  for (const op of operations) {
    if (op.completedAt === undefined) continue;
    out.push({ t: op.start, latency: Math.max(1, op.completedAt - op.start), outcome: op.outcome, f: op.f, index: op.invokeIndex });
  }
  return out;
}

/** All non-ok points (up to the budget), then every k-th ok point: deterministic, evenly spread. */
export function samplePoints(all: readonly Point[], budget = MAX_LATENCY_POINTS): Point[] {
  const notOk = all.filter((p) => p.outcome !== 'ok').slice(0, budget);
  const ok = all.filter((p) => p.outcome === 'ok');
  const room = budget - notOk.length;
  const step = ok.length <= room ? 1 : ok.length / Math.max(1, room);
  const kept: Point[] = [];
  for (let i = 0; i < ok.length && kept.length < room; i += step) kept.push(ok[Math.floor(i)] as Point);
  return [...kept, ...notOk];
}

function frame(d3: D3Module, svg: SvgSelection, x: XScale, faults: readonly FaultSpan[], yLabel: string): void {
  const h = HEIGHT - MARGIN.top - MARGIN.bottom;
  const bands = svg.append('g').attr('class', 'perf-faults');
  for (const f of faults) {
    const x0 = Number(x(f.from));
    if (f.instant) bands.append('line').attr('class', 'fault-line').attr('x1', x0).attr('x2', x0).attr('y1', MARGIN.top).attr('y2', MARGIN.top + h).append('title').text(`${f.kind} at ${ms(f.from)}`);
    else bands.append('rect').attr('class', 'band').attr('x', x0).attr('y', MARGIN.top).attr('width', Math.max(1, Number(x(f.to)) - x0)).attr('height', h).append('title').text(`${f.kind} ${ms(f.from)} – ${ms(f.to)}`);
  }
  svg.append('g').attr('class', 'story-axis').attr('transform', `translate(0,${MARGIN.top + h})`).call(d3.axisBottom(x).ticks(10).tickFormat((t) => ms(Number(t))));
  svg.append('text').attr('class', 'perf-ylabel').attr('transform', `translate(14,${MARGIN.top + h / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(yLabel);
}

function legend(svg: SvgSelection, items: readonly [string, string][]): void {
  const g = svg.append('g').attr('transform', `translate(${WIDTH - MARGIN.right + 12},${MARGIN.top + 6})`);
  items.forEach(([cls, label], i) => {
    g.append('rect').attr('class', cls).attr('x', 0).attr('y', i * 16).attr('width', 10).attr('height', 10);
    g.append('text').attr('class', 'perf-legend').attr('x', 14).attr('y', i * 16 + 9).text(label);
  });
}

function xScale(d3: D3Module, model: ReportModel): XScale {
  return d3.scaleLinear().domain([model.runStart, model.runEnd]).range([MARGIN.left, WIDTH - MARGIN.right]);
}

function latencyYScale(d3: D3Module, max: number) {
  return d3.scaleLog().domain([1, Math.max(10, max)]).range([HEIGHT - MARGIN.bottom, MARGIN.top]).clamp(true).nice();
}

export function latencyPointsSvg(model: ReportModel, drawn: readonly Point[]): string {
  const { d3, svg, markup } = svgCanvas(WIDTH, HEIGHT, { class: 'perf-chart', role: 'img', 'aria-label': 'Latency of every operation over time, by outcome' });
  const x = xScale(d3, model);
  const y = latencyYScale(d3, Math.max(...drawn.map((p) => p.latency), 1));
  frame(d3, svg, x, model.faults, 'latency (ms)');
  svg.append('g').attr('class', 'story-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(5, '~s'));
  // A path per outcome whose zero-length segments the stylesheet draws as round dots: thousands of points, three nodes.
  const g = svg.append('g');
  for (const outcome of ['ok', 'fail', 'info'] as const) {
    let d = '';
    for (const p of drawn) if (p.outcome === outcome) d += `M${Number(x(p.t)).toFixed(1)} ${Number(y(p.latency)).toFixed(1)}h0`;
    if (d !== '') g.append('path').attr('class', `pt ${outcome}`).attr('d', d);
  }
  legend(svg, [['ok', 'ok'], ['fail', 'fail'], ['info', 'indeterminate']]);
  return markup();
}

/** Per time bin: the latency quantiles of the operations invoked in it (ok and fail). */
export function quantileSeries(operations: readonly Operation[], t0: number, t1: number, bins = BINS): { t: number; q: (number | undefined)[] }[] {
  const width = (t1 - t0) / bins || 1;
  const buckets: number[][] = Array.from({ length: bins }, () => []);
  for (const op of operations) {
    if ((op.outcome !== 'ok' && op.outcome !== 'fail') || op.completedAt === undefined) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor((op.start - t0) / width)));
    (buckets[b] as number[]).push(op.completedAt - op.start);
  }
  return buckets.map((latencies, i) => {
    latencies.sort((a, b) => a - b);
    return { t: t0 + (i + 0.5) * width, q: QUANTILES.map((q) => percentile(latencies, q * 100)) };
  });
}

export function quantilesSvg(model: ReportModel): string {
  const { d3, svg, markup } = svgCanvas(WIDTH, HEIGHT, { class: 'perf-chart', role: 'img', 'aria-label': 'Latency quantiles over time' });
  const x = xScale(d3, model);
  const series = quantileSeries(model.operations, model.runStart, model.runEnd);
  const y = latencyYScale(d3, Math.max(1, ...series.flatMap((s) => s.q.filter((v): v is number => v !== undefined))));
  frame(d3, svg, x, model.faults, 'latency (ms)');
  svg.append('g').attr('class', 'story-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(5, '~s'));
  QUANTILES.forEach((_, qi) => {
    const line = d3
      .line<{ t: number; q: (number | undefined)[] }>()
      .defined((s) => s.q[qi] !== undefined)
      .x((s) => Number(x(s.t)))
      .y((s) => Number(y(Math.max(1, s.q[qi] as number))));
    svg.append('path').attr('class', `q q${qi}`).attr('d', line(series) ?? '');
  });
  legend(svg, [['q q0', 'p50'], ['q q1', 'p95'], ['q q2', 'p99'], ['q q3', 'max']]);
  return markup();
}

/** Per time bin: completions per second by outcome. */
export function throughputSeries(operations: readonly Operation[], t0: number, t1: number, bins = BINS): { t: number; ok: number; fail: number; info: number }[] {
  const width = (t1 - t0) / bins || 1;
  const out = Array.from({ length: bins }, (_, i) => ({ t: t0 + (i + 0.5) * width, ok: 0, fail: 0, info: 0 }));
  for (const op of operations) {
    if (op.completedAt === undefined || op.outcome === 'open') continue;
    const b = out[Math.min(bins - 1, Math.max(0, Math.floor((op.completedAt - t0) / width)))] as { ok: number; fail: number; info: number };
    b[op.outcome] += 1000 / width;
  }
  return out;
}

export function throughputSvg(model: ReportModel): string {
  const { d3, svg, markup } = svgCanvas(WIDTH, HEIGHT, { class: 'perf-chart', role: 'img', 'aria-label': 'Throughput over time, by outcome' });
  const x = xScale(d3, model);
  const series = throughputSeries(model.operations, model.runStart, model.runEnd);
  const y = d3.scaleLinear().domain([0, Math.max(1, ...series.map((s) => s.ok + s.fail + s.info))]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  frame(d3, svg, x, model.faults, 'operations / s');
  svg.append('g').attr('class', 'story-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(5));
  for (const outcome of ['ok', 'fail', 'info'] as const) {
    const line = d3.line<(typeof series)[number]>().x((s) => Number(x(s.t))).y((s) => Number(y(s[outcome])));
    svg.append('path').attr('class', `tp ${outcome}`).attr('d', line(series) ?? '');
  }
  legend(svg, [['ok', 'ok'], ['fail', 'fail'], ['info', 'indeterminate']]);
  return markup();
}

/** The three graphs with their captions; empty when the history has no completed operation. */
export function performanceSection(model: ReportModel): string {
  const all = points(model.operations);
  if (all.length === 0) return '<p class="muted">No completed operations to draw.</p>';
  const drawn = samplePoints(all);
  const sampled = drawn.length < all.length ? ` ${drawn.length} of ${all.length} drawn: every failed and indeterminate one, and an even sample of the ok ones.` : '';
  return (
    `<h3>Latency, every operation</h3><p class="muted">Invocation time against latency (log scale, below 1 ms drawn at 1 ms); an indeterminate operation at the time its client gave up; shaded: faults.${esc(sampled)}</p>${latencyPointsSvg(model, drawn)}` +
    `<h3>Latency quantiles</h3><p class="muted">Of ok and failed operations invoked in each of ${BINS} slices of the run.</p>${quantilesSvg(model)}` +
    `<h3>Throughput</h3><p class="muted">Completions per second in each slice, by outcome.</p>${throughputSvg(model)}`
  );
}
