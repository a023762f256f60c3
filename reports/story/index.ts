/**
 * "What went wrong": the page's first section when a checker found a violation. Per failing key, the key's chart,
 * the sentence that explains it, the last steps of the longest linearizable prefix and the cluster at that
 * moment (each event links to the main timeline); per region an assignment checker names, the region's chart.
 */
import { esc, ms, show } from '../escape.ts';
import type { ReportModel } from '../model.ts';
import { keyContext, regionContext, type ContextEvent, type KeyContext } from './context.ts';
import { keyChartSvg, windowOperations } from './key-chart.ts';
import { STEPS_SHOWN, type KeyStory, type StoryOp } from './key-story.ts';
import { regionChartSvg, regionStories, type RegionStory } from './region-story.ts';

export { keyStories } from './key-story.ts';
export { regionStories } from './region-story.ts';

/** A time that moves the main timeline's cursor there (the page's script reads data-t, a number we wrote). */
function timeLink(t: number): string {
  return `<a class="tlink" href="#timeline" data-t="${Math.round(t)}">${ms(t)}</a>`;
}

/** Operations listed in the operations section (only those have a row to link to). */
type Linked = ReadonlySet<number>;

function opLink(op: StoryOp, linked: Linked): string {
  return linked.has(op.invokeIndex) ? `<a href="#op-${op.invokeIndex}">op ${op.invokeIndex}</a>` : `op ${op.invokeIndex}`;
}

function stepsTable(story: KeyStory, linked: Linked): string {
  const shown = story.steps.slice(-STEPS_SHOWN);
  const head = '<tr><th class="num">step</th><th>operation</th><th class="num">process</th><th class="num">invoked</th><th>state after</th></tr>';
  const first = story.omitted + story.steps.length - shown.length === 0 ? `<tr><td class="num">0</td><td class="muted">initial state</td><td></td><td></td><td class="mono">${esc(show(story.initialState, 60))}</td></tr>` : '';
  const rows = shown.map((s) => `<tr><td class="num">${s.order}</td><td class="mono">${esc(s.op.description)} (${opLink(s.op, linked)})</td><td class="num">${s.op.process}</td><td class="num">${timeLink(s.op.start)}</td><td class="mono">${esc(show(s.state, 60))}</td></tr>`);
  const stuck = story.cannotLinearize.map((o) => `<tr class="stuck-row"><td class="num">✗</td><td class="mono">${esc(o.description)} (${opLink(o, linked)})</td><td class="num">${o.process}</td><td class="num">${timeLink(o.start)}</td><td class="bad">cannot take effect here</td></tr>`);
  const skipped = story.prefixLength - shown.length;
  const note = skipped > 0 ? `<p class="muted">The last ${shown.length} of ${story.prefixLength} linearized steps.</p>` : '';
  return `${note}<table>${head}${first}${rows.join('')}${stuck.join('')}</table>`;
}

function eventItem(e: ContextEvent): string {
  const span = e.to === undefined ? timeLink(e.time) : `${timeLink(e.time)} – ${ms(e.to)}`;
  return `<li class="ctx-${e.kind}">${span}: ${esc(e.text)}</li>`;
}

function contextBlock(context: KeyContext): string {
  const parts: string[] = [];
  if (context.regions.length === 0) parts.push('<p class="muted">The trace does not say which region holds this key.</p>');
  else {
    const names = context.regions.map((r) => `<span class="mono">${esc(r.region)}</span> (${esc(r.table)})`).join(', ');
    const holders = context.tenures.map((t) => `${esc(t.server)} ${timeLink(t.from)} – ${ms(t.to)} (${esc(t.end)})`);
    parts.push(`<p>Region ${names}; served in this window by ${holders.length === 0 ? '<span class="bad">no server</span>' : holders.join('; ')}.</p>`);
  }
  parts.push(context.events.length === 0 ? '<p class="muted">No fault, failover or change of the region in this window.</p>' : `<ul class="ctx">${context.events.slice(0, 30).map(eventItem).join('')}</ul>`);
  return parts.join('');
}

function keyBlock(model: ReportModel, story: KeyStory, linked: Linked): string {
  const context = keyContext(model, story.key, story.window);
  const ops = windowOperations(model.operations, story.key, story, model.runEnd);
  const chart = keyChartSvg(story, ops, context, model.runEnd, linked);
  return (
    `<h3>Key <span class="mono">${esc(story.key)}</span> — ${esc(story.checker)}</h3>` +
    `<p class="sentence">${esc(story.sentence)}</p>` +
    `<div class="story-legend">Bars: one operation from invocation to answer; numbers are its place in the longest linearizable order, <span class="bad">✗</span> cannot follow it; dots and shading above: the cluster's events and faults (hover for details).</div>` +
    `<div class="scroll">${chart}</div>` +
    `<div class="story-cols"><div><h4>The longest linearizable prefix</h4>${stepsTable(story, linked)}</div><div><h4>The cluster at that moment (${ms(story.window.from)} – ${ms(story.window.to)})</h4>${contextBlock(context)}</div></div>` +
    (story.checkerExplanation === '' ? '' : `<p class="muted">The checker: ${esc(story.checkerExplanation)}</p>`)
  );
}

function regionBlock(model: ReportModel, story: RegionStory): string {
  return (
    `<h3>Region <span class="mono">${esc(story.row.region)}</span> (${esc(story.row.table)}) — ${esc(story.checker)}: ${esc(story.kind)}</h3>` +
    `<p class="sentence">${esc(story.sentence)} ${timeLink(story.offending?.from ?? story.time)}</p>` +
    (story.more.length === 0 ? '' : `<p>The ${esc(story.checker)} checker also says: ${story.more.slice(0, 5).map(esc).join('; ')}${story.more.length > 5 ? `; and ${story.more.length - 5} more` : ''}.</p>`) +
    `<div class="story-legend">Who served the region, and the master's view of it; the violation shaded red.</div>` +
    `<div class="scroll">${regionChartSvg(story)}</div>` +
    `<h4>The cluster around it (${ms(story.window.from)} – ${ms(story.window.to)})</h4>${contextBlock(regionContext(model, new Set([story.row.region]), story.window))}`
  );
}

/** Violations no story draws (split-brain masters, a table never created, an invariant): listed in words. */
function otherViolations(model: ReportModel, drawnRegions: ReadonlySet<string>, drawnCheckers: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [name, result] of Object.entries(model.input.result.checkers)) {
    if (result.valid !== false) continue;
    if (Array.isArray(result.violations)) {
      for (const v of result.violations as unknown[]) {
        const rec = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
        if (typeof rec.region === 'string' && drawnRegions.has(rec.region)) continue;
        out.push(`${esc(name)}: ${esc(show(rec.message ?? v, 300))}${typeof rec.time === 'number' ? ` (${timeLink(rec.time)})` : ''}`);
      }
    } else if (typeof result.message === 'string') out.push(`${esc(name)}: ${esc(show(result.message, 300))}`);
    else if (!drawnCheckers.has(name)) out.push(`${esc(name)} found a violation; its evidence is under Checkers.`);
  }
  return out;
}

/** `keys`: the failing keys' stories (keyStories), read once for this section and the operations list. */
export function storySection(model: ReportModel, keys: readonly KeyStory[], linked: Linked): string {
  if (model.input.result.valid !== false) return '';
  const regions = regionStories(model);
  const drawn = new Set(regions.map((r) => r.row.region));
  const others = otherViolations(model, drawn, new Set(keys.map((k) => k.checker)));
  const blocks = [...keys.map((k) => keyBlock(model, k, linked)), ...regions.map((r) => regionBlock(model, r))];
  if (others.length > 0) blocks.push(`<h3>${blocks.length === 0 ? 'Violations' : 'Other violations'}</h3><ul>${others.slice(0, 20).map((o) => `<li>${o}</li>`).join('')}${others.length > 20 ? `<li>and ${others.length - 20} more (see Checkers)</li>` : ''}</ul>`);
  return `<section id="story"><h2>What went wrong</h2>${blocks.join('')}</section>`;
}

/** The operations the stories name, in the order the operations list shows them: those that cannot be linearized, then the prefix steps shown. */
export function storyOperations(stories: readonly KeyStory[]): number[] {
  const stuck = stories.flatMap((s) => s.cannotLinearize.map((o) => o.invokeIndex));
  const steps = stories.flatMap((s) => s.steps.slice(-STEPS_SHOWN).map((step) => step.op.invokeIndex));
  return [...new Set([...stuck, ...steps])];
}
