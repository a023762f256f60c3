/** The HTML document: one file, no external resources, readable with scripts off. */
import { esc, ms } from './escape.ts';
import type { ReportInput } from './input.ts';
import { buildModel } from './model.ts';
import { checkersSection, figuresSection, glanceSection, operationsSection, runDataSection, tableOperations, verdictSection, verdictWord } from './sections.ts';
import { CSP, CSS, DEFS, SCRIPT } from './style.ts';
import { regionOwners, regionSvg, scaleOf, timelineSvg } from './timeline.ts';
import { ownerLegend } from './region-rows.ts';
import { performanceSection } from './perf.ts';
import { keyStories, storyOperations, storySection } from './story/index.ts';

function sw(cls: string, label: string, style = ''): string {
  return `<span class="sw" style="${style}"><svg width="14" height="10"><rect width="14" height="10" class="${cls}"/></svg></span>${label}`;
}

const TIMELINE_LEGEND =
  `<div class="legend">Client operations:${sw('ok', 'ok')}${sw('fail', 'fail')}${sw('mismatch', 'cas mismatch (an ordinary answer)')}${sw('info', 'indeterminate (info; may take effect until the end of the run)')}${sw('ok hl', 'named by checker evidence ▼')}` +
  `<br>Masters and RegionServers:${sw('s-starting', 'starting')}${sw('s-backup', 'backup master')}${sw('s-active', 'active, initializing')}${sw('s-initialized', 'active master / RS online')}${sw('s-paused', 'paused')}${sw('s-aborted', 'aborted')}${sw('s-dead', 'dead')}` +
  `<br>Faults:${sw('fault', 'lasting fault (shaded across the chart)')}${sw('fault-instant', 'instant fault (dashed line)')}${sw('fault-on', 'fault on this process')} Events:${sw('mk', 'event')}${sw('mk-bad', 'expiry / failure event')} — hover anything for details; times are virtual.</div>`;

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
      ? '<p class="muted">No region events (region.opened / region.closed / am.transition) in the trace.</p>'
      : `<div class="legend">Servers:${ownerLegend(regionOwners(model))}<br>${sw('gap', 'served by no running server (unavailable)')}${sw('frozen', 'held by a paused server (unavailable)')}${sw('closed-req', 'closed by the master on purpose (disabled, moving)')}${sw('believed', 'fenced, still believes it serves (cannot acknowledge a write)')}${sw('double', 'double assignment (the assignment checker\'s)')} Master's view (thin strip):${sw('v-open', 'OPEN')}${sw('v-moving', 'OPENING / CLOSING')}${sw('v-closed', 'CLOSED / OFFLINE')}${sw('v-bad', 'FAILED_OPEN / ABNORMALLY_CLOSED')}</div><div class="scroll">${regions.svg}</div>`;

  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${verdictWord(r.valid).word} — faultline ${esc(r.scenario)} seed ${esc(String(r.seed))}</title><style>${CSS}</style></head><body>` +
    DEFS +
    `<header><h1 style="margin-top:16px">faultline run report</h1>${verdictSection(model)}</header>` +
    storySection(model, stories, linked) +
    `<section><h2>At a glance</h2>${glanceSection(model)}</section>` +
    `<section><h2>Timeline</h2><p class="muted">${ms(model.runStart)} – ${ms(model.runEnd)} of virtual time${timeline.packed ? `; ${timeline.clientLanes} client lanes (processes that never overlap share a lane)` : ''}.</p>${TIMELINE_LEGEND}<div class="scroll">${timeline.svg}</div></section>` +
    `<section><h2>Region assignment</h2>${regionPart}</section>` +
    `<section><h2>Figures</h2>${figuresSection(model)}</section>` +
    `<section id="performance"><h2>Performance</h2>${performanceSection(model)}</section>` +
    `<section><h2>Checkers</h2>${checkersSection(model, linked)}</section>` +
    `<section><h2>Operations to look at</h2>${operationsSection(model, ops, total)}</section>` +
    `<section><h2>Run</h2>${runDataSection(model)}</section>` +
    (notes.length > 0 ? `<section><h2>Notes</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>` : '') +
    `<script>${SCRIPT}</script></body></html>\n`
  );
}
