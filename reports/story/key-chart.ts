/**
 * One failing key drawn with d3 (Porcupine's visualisation and Knossos's linear.svg are the anchors): a lane per
 * client process with that key's operations as bars from invocation to completion, the longest linearizable
 * prefix numbered in linearization order (the state after each step in the tooltip), the operations that
 * cannot follow it outlined in red, and above them who served the key's region and what happened to the cluster.
 */
import { svgCanvas } from '../d3.ts';
import { ms, show } from '../escape.ts';
import { barClass, type Operation } from '../operations.ts';
import type { KeyContext } from './context.ts';
import { STEPS_SHOWN, type KeyStory } from './key-story.ts';

const WIDTH = 1100;
const GUTTER = 120;
const RIGHT = 16;
const LANE = 26;
const EVENT_BAND = 34;
const AXIS = 26;
export const MAX_CHART_OPS = 150;

interface Lane {
  id: string;
  label: string;
}


/** The key's operations that overlap the window, nearest the stuck ones first when there are too many. */
export function windowOperations(operations: readonly Operation[], key: string, story: KeyStory, runEnd: number): Operation[] {
  const { from, to } = story.window;
  const ofKey = operations.filter((op) => show(op.key, 200) === key && op.start <= to && (op.completedAt ?? runEnd) >= from);
  if (ofKey.length <= MAX_CHART_OPS) return ofKey;
  const focus = (story.cannotLinearize[0]?.start ?? from) as number;
  return [...ofKey].sort((a, b) => Math.abs(a.start - focus) - Math.abs(b.start - focus)).slice(0, MAX_CHART_OPS).sort((a, b) => a.start - b.start);
}

export function keyChartSvg(story: KeyStory, ops: readonly Operation[], context: KeyContext, runEnd: number, linked: ReadonlySet<number>): string {
  const holderLanes: Lane[] = [...new Set(context.tenures.map((t) => t.process))].sort().map((p) => ({ id: `h:${p}`, label: `${p} serves` }));
  const processLanes: Lane[] = [...new Set(ops.map((o) => o.process))].sort((a, b) => a - b).map((p) => ({ id: `p:${p}`, label: `process ${p}` }));
  const lanes = [...holderLanes, ...processLanes];
  const height = EVENT_BAND + lanes.length * LANE + AXIS + 8;
  const { d3, svg, markup } = svgCanvas(WIDTH, height, { class: 'story-chart', role: 'img', 'aria-label': `Operations on key ${story.key} around the violation` });
  const x = d3.scaleLinear().domain([story.window.from, story.window.to]).range([GUTTER, WIDTH - RIGHT]).clamp(true);
  const y = d3.scaleBand<string>().domain(lanes.map((l) => l.id)).range([EVENT_BAND, EVENT_BAND + lanes.length * LANE]).paddingInner(0.22);
  const plotBottom = EVENT_BAND + lanes.length * LANE;

  svg.append('rect').attr('class', 'plot').attr('x', GUTTER).attr('y', 0).attr('width', WIDTH - RIGHT - GUTTER).attr('height', plotBottom);
  drawContext(svg, x, context, plotBottom);
  svg.selectAll('text.lane-label').data(lanes).join('text').attr('class', 'lane-label').attr('x', GUTTER - 8).attr('y', (l) => (y(l.id) ?? 0) + y.bandwidth() / 2 + 4).attr('text-anchor', 'end').text((l) => l.label);

  const holders = svg.append('g').attr('class', 'holders');
  for (const t of context.tenures) {
    const top = y(`h:${t.process}`) ?? 0;
    const g = holders.append('g');
    g.append('rect').attr('class', 'holder').attr('x', x(t.from)).attr('y', top).attr('width', Math.max(1, x(t.to) - x(t.from))).attr('height', y.bandwidth());
    g.append('title').text(`${t.server} serves region ${t.region} from ${ms(t.from)} to ${ms(t.to)} (${t.end})`);
  }

  const stepOf = new Map(story.steps.slice(-STEPS_SHOWN).map((s) => [s.op.invokeIndex, s]));
  const stuck = new Set(story.cannotLinearize.map((o) => o.invokeIndex));
  const bars = svg.append('g').attr('class', 'ops');
  for (const op of ops) {
    const top = y(`p:${op.process}`) ?? 0;
    const end = op.outcome === 'ok' || op.outcome === 'fail' ? (op.completedAt as number) : runEnd;
    const step = stepOf.get(op.invokeIndex);
    // A bar links to its row in the operations list when it has one.
    const link = linked.has(op.invokeIndex) ? bars.append('a').attr('href', `#op-${op.invokeIndex}`) : bars.append('g');
    const cls = `${barClass(op)}${stuck.has(op.invokeIndex) ? ' stuck' : ''}${step !== undefined ? ' step' : ''}${op.outcome === 'info' || op.outcome === 'open' ? ' indeterminate' : ''}`;
    const x0 = x(op.start);
    const w = Math.max(2, x(end) - x0);
    link.append('rect').attr('class', cls).attr('x', x0).attr('y', top).attr('width', w).attr('height', y.bandwidth()).attr('rx', 2);
    const what = `${op.f} ${show(op.value, 40)}${op.outcome === 'ok' || op.outcome === 'fail' ? ` → ${show(op.error ?? op.result, 40)}` : ''}`;
    const tip = step !== undefined ? `step ${step.order} of the linearization: ${what}; state after: ${show(step.state, 60)}` : stuck.has(op.invokeIndex) ? `cannot be linearized: ${what}` : what;
    link.append('title').text(`op ${op.invokeIndex}, process ${op.process}, ${ms(op.start)} – ${op.completedAt === undefined ? 'no answer' : ms(op.completedAt)}: ${tip}`);
    const label = step !== undefined ? `${step.order}` : stuck.has(op.invokeIndex) ? '✗' : '';
    // Inside the bar when it fits, else just after it.
    const inside = w >= label.length * 7 + 6;
    const labelClass = stuck.has(op.invokeIndex) ? 'stuck-label' : 'step-label';
    if (label !== '') link.append('text').attr('class', inside ? labelClass : `${labelClass} outside`).attr('x', inside ? x0 + 3 : x0 + w + 2).attr('y', top + y.bandwidth() / 2 + 4).text(label);
  }

  svg.append('g').attr('class', 'story-axis').attr('transform', `translate(0,${plotBottom})`).call(d3.axisBottom(x).ticks(8).tickFormat((t) => ms(Number(t))));
  return markup();
}

type XScale = ReturnType<typeof import('d3').scaleLinear<number, number>>;

function drawContext(svg: ReturnType<typeof svgCanvas>['svg'], x: XScale, context: KeyContext, plotBottom: number): void {
  const g = svg.append('g').attr('class', 'context');
  for (const e of context.events) {
    if (e.to !== undefined) {
      const band = g.append('rect').attr('class', 'band').attr('x', x(e.time)).attr('y', 0).attr('width', Math.max(1, x(e.to) - x(e.time))).attr('height', plotBottom);
      band.append('title').text(`${ms(e.time)}: ${e.text}`);
      continue;
    }
    const mark = g.append('g');
    mark.append('line').attr('class', `ctx-line ctx-${e.kind}`).attr('x1', x(e.time)).attr('x2', x(e.time)).attr('y1', 6).attr('y2', plotBottom);
    mark.append('circle').attr('class', `ctx-dot ctx-${e.kind}`).attr('cx', x(e.time)).attr('cy', 8).attr('r', 4.5);
    mark.append('title').text(`${ms(e.time)}: ${e.text}`);
  }
}
