/** The HTML document: one file, no external resources, readable with scripts off. */
import { ms } from './escape.ts';
import { el, fragment, markup, raw, type Child, type Html } from './html.ts';
import type { ReportModel } from './model.ts';
import type { ReportInput } from './input.ts';
import { buildModel } from './model.ts';
import { checkersSection, figuresSection, glanceSection, operationsSection, runDataSection, tableOperations, verdictSection, verdictWord } from './sections.ts';
import { CSP, CSS, DEFS, SCRIPT } from './style.ts';
import { regionOwners, regionSvg, scaleOf, timelineSvg } from './timeline.ts';
import { ownerLegend } from './region-rows.ts';
import { performanceSection } from './perf.ts';
import { keyStories, storyOperations, storySection } from './story/index.ts';

/** A legend swatch: a small chart element of the class it explains. */
function sw(cls: string, label: string, style = ''): Html {
  return fragment(el('span', { class: 'sw', style }, raw(`<svg width="14" height="10"><rect width="14" height="10" class="${cls}"/></svg>`)), label);
}

function legend(...lines: Child[][]): Html {
  return el('div', { class: 'legend' }, lines.flatMap((line, i) => [i > 0 && el('br', null), ...line]));
}

/** The ZooKeeper era's znodes (zk-rows.ts): RIT event types and split-log task states share colours by meaning. */
const RIT_LEGEND: Child[] = [
  " RIT znode (strip under the master's view):",
  sw('z-offline', 'M_ZK_REGION_OFFLINE'),
  sw('z-opening', 'RS_ZK_REGION_OPENING'),
  sw('z-opened', 'RS_ZK_REGION_OPENED'),
  sw('z-closing', 'M_ZK_REGION_CLOSING'),
  sw('z-closed', 'RS_ZK_REGION_CLOSED'),
  sw('z-failed', 'RS_ZK_REGION_FAILED_OPEN'),
];

function zkTimelineLegend(model: ReportModel): Child[][] {
  const { regionsInTransition, splitTasks } = model.zk;
  if (regionsInTransition.size === 0 && splitTasks.length === 0) return [];
  const tasks = splitTasks.length === 0 ? [] : [' · Split-log tasks (labelled with the worker):', sw('z-offline', 'UNASSIGNED'), sw('z-opening', 'OWNED'), sw('z-closing', 'RESIGNED'), sw('z-opened', 'DONE'), sw('z-failed', 'ERR')];
  return [['ZooKeeper:', sw('z-count', 'how many regions in transition (RIT znodes) / tasks pending'), ...tasks]];
}

const TIMELINE_LINES: Child[][] = [
  [
    'Client operations:',
    sw('ok', 'ok'),
    sw('fail', 'fail'),
    sw('mismatch', 'cas mismatch (an ordinary answer)'),
    sw('info', 'indeterminate (info; may take effect until the end of the run)'),
    sw('ok hl', 'named by checker evidence ▼'),
  ],
  [
    'Masters and RegionServers:',
    sw('s-starting', 'starting'),
    sw('s-backup', 'backup master'),
    sw('s-active', 'active, initializing'),
    sw('s-initialized', 'active master / RS online'),
    sw('s-paused', 'paused'),
    sw('s-aborted', 'aborted'),
    sw('s-dead', 'dead'),
  ],
  [
    'Faults:',
    sw('fault', 'lasting fault (shaded across the chart)'),
    sw('fault-instant', 'instant fault (dashed line)'),
    sw('fault-on', 'fault on this process'),
    ' Events:',
    sw('mk', 'event'),
    sw('mk-bad', 'expiry / failure event'),
    ' — hover anything for details; times are virtual.',
  ],
];

function timelineLegend(model: ReportModel): Html {
  return legend(...TIMELINE_LINES, ...zkTimelineLegend(model));
}

function regionLegend(model: ReportModel): Html {
  return legend(
    ['Servers:', raw(ownerLegend(regionOwners(model)))],
    [
      sw('gap', 'served by no running server (unavailable)'),
      sw('frozen', 'held by a paused server (unavailable)'),
      sw('closed-req', 'closed by the master on purpose (disabled, moving)'),
      sw('believed', 'fenced, still believes it serves (cannot acknowledge a write)'),
      sw('double', "double assignment (the assignment checker's)"),
      " Master's view (thin strip):",
      sw('v-open', 'OPEN'),
      sw('v-moving', 'OPENING / CLOSING'),
      sw('v-closed', 'CLOSED / OFFLINE'),
      sw('v-bad', 'FAILED_OPEN / ABNORMALLY_CLOSED'),
    ],
    ...(model.zk.regionsInTransition.size > 0 ? [RIT_LEGEND] : []),
  );
}

const section = (title: string, ...body: Child[]): Html => el('section', null, el('h2', null, title), ...body);

export function renderReport(input: ReportInput): string {
  const model = buildModel(input);
  const scale = scaleOf(model);
  const stories = keyStories(input.result.checkers);
  const { ops, total } = tableOperations(model, storyOperations(stories));
  const linked = new Set(ops.map((o) => o.invokeIndex));
  const timeline = timelineSvg(model, scale, linked);
  const regions = regionSvg(model, scale);
  const r = input.result;
  const notes: string[] = [];
  if (model.orphans > 0) notes.push(`${model.orphans} completion record${model.orphans === 1 ? ' has' : 's have'} no invocation before it (a malformed history).`);
  if (regions !== undefined && regions.hidden > 0) notes.push(`${regions.hidden} regions are not drawn in the assignment chart (the ${model.regions.length - regions.hidden} least available are).`);

  const regionPart =
    regions === undefined
      ? el('p', { class: 'muted' }, 'No region events (region.opened / region.closed / am.transition) in the trace.')
      : fragment(regionLegend(model), el('div', { class: 'scroll' }, raw(regions.svg)));
  const span = `${ms(model.runStart)} – ${ms(model.runEnd)} of virtual time${timeline.packed ? `; ${timeline.clientLanes} client lanes (processes that never overlap share a lane)` : ''}.`;
  const head = fragment(
    el('meta', { charset: 'utf-8' }),
    // Ours, and its quotes must stay literal: the test and the browser read the policy as written.
    raw(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`),
    el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    el('title', null, `${verdictWord(r.valid).word} — faultline ${r.scenario} seed ${String(r.seed)}`),
    raw(`<style>${CSS}</style>`),
  );
  const body = fragment(
    raw(DEFS),
    el('header', null, el('h1', { style: 'margin-top:16px' }, 'faultline run report'), raw(verdictSection(model))),
    raw(storySection(model, stories, linked)),
    section('At a glance', raw(glanceSection(model))),
    section('Timeline', el('p', { class: 'muted' }, span), timelineLegend(model), el('div', { class: 'scroll' }, raw(timeline.svg))),
    section('Region assignment', regionPart),
    section('Figures', raw(figuresSection(model))),
    el('section', { id: 'performance' }, el('h2', null, 'Performance'), raw(performanceSection(model))),
    section('Checkers', raw(checkersSection(model, linked))),
    section('Operations to look at', raw(operationsSection(model, ops, total))),
    section('Run', raw(runDataSection(model))),
    notes.length > 0 && section('Notes', el('ul', null, notes.map((n) => el('li', null, n)))),
    raw(`<script>${SCRIPT}</script>`),
  );
  return `<!DOCTYPE html>\n${markup(el('html', { lang: 'en' }, el('head', null, head), el('body', null, body)))}\n`;
}
