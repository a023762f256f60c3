/** The page's HTML sections other than the charts: verdict, at-a-glance, figures, evidence, operations, run data. */
import { esc, ms, prettyJson, show } from './escape.ts';
import type { Validity } from './input.ts';
import type { ReportModel } from './model.ts';
import { isMismatch, type Operation } from './operations.ts';
import { STATE_LABEL } from './server-rows.ts';

export const MAX_OP_TABLE_ROWS = 300;
export const MAX_EVIDENCE_CHARS = 200_000;
const MAX_REGION_TABLE_ROWS = 25;

export function verdictWord(v: Validity): { word: string; cls: string } {
  return v === true ? { word: 'VALID', cls: 'valid' } : v === false ? { word: 'VIOLATION', cls: 'violation' } : { word: 'UNKNOWN', cls: 'unknown' };
}

function badge(v: Validity): string {
  const { word, cls } = verdictWord(v);
  return `<span class="badge b-${cls}">${word}</span>`;
}

export function verdictSection(model: ReportModel): string {
  const r = model.input.result;
  const { word, cls } = verdictWord(r.valid);
  const checkers = Object.entries(r.checkers)
    .map(([name, c]) => `<span>${esc(name)} ${badge(c.valid)}</span>`)
    .join(' ');
  return (
    `<div class="verdict v-${cls}"><span class="big">${word}</span>` +
    (typeof r.options?.history === 'string' ? `<span>history <b>${esc(r.options.history)}</b></span>` : `<span>scenario <b>${esc(r.scenario)}</b>, seed <b>${esc(String(r.seed))}</b></span>`) +
    `<span>${checkers === '' ? '<span class="muted">no checkers ran</span>' : checkers}</span></div>` +
    `<div class="repro"><span>Reproduce:</span><code id="repro">${esc(r.repro)}</code><button id="copy-repro" type="button" hidden>copy</button></div>`
  );
}

/** The few sentences an engineer chasing a failover reads first. */
export function glanceSection(model: ReportModel): string {
  const items: string[] = [];
  const masters = model.servers.lanes.filter((l) => l.kind === 'master');
  const m = model.masters;
  if (masters.length === 0) items.push('<span class="muted">No master events in the trace.</span>');
  else if (m.firstActive === undefined) items.push(`<span class="bad">No master ever became active</span> (${masters.length} master process${masters.length === 1 ? '' : 'es'}).`);
  else {
    items.push(`First active master at ${ms(m.firstActive)}; ${m.gaps.length === 0 ? 'an active master throughout after that.' : `<span class="bad">${ms(m.withoutActiveMs)} without an active master</span> in ${m.gaps.length} interval${m.gaps.length === 1 ? '' : 's'}:`}`);
    const sub: string[] = [];
    for (const g of m.gaps.slice(0, 6)) {
      const then = g.next === undefined ? 'no master took over before the end of the run' : `then <b>${esc(g.next)}</b> became active${g.initializedAt !== undefined ? `, initialized at ${ms(g.initializedAt)} (${ms(g.initializedAt - g.from)} after the loss)` : ', never initialized'}`;
      sub.push(`<li>${ms(g.from)} – ${ms(g.to)} (${ms(g.to - g.from)}): ${esc(g.endedBy ?? '')}; ${then}.</li>`);
    }
    if (m.gaps.length > 6) sub.push(`<li>and ${m.gaps.length - 6} more (see Figures).</li>`);
    if (sub.length > 0) items[items.length - 1] += `<ul>${sub.join('')}</ul>`;
    if (m.overlaps.length > 0) items.push(`<span class="bad">Two masters active at once ${m.overlaps.length}×</span>, first at ${ms((m.overlaps[0] as { from: number }).from)}.`);
  }
  const troubles: string[] = [];
  for (const lane of model.servers.lanes) {
    if (lane.kind !== 'regionserver') continue;
    for (const s of lane.segments) if (s.state === 'aborted' || s.state === 'dead' || s.state === 'paused') troubles.push(`${esc(lane.process)} ${STATE_LABEL[s.state].toLowerCase()} at ${ms(s.from)}`);
  }
  if (troubles.length > 0) items.push(`RegionServers: ${troubles.slice(0, 12).join('; ')}${troubles.length > 12 ? `; and ${troubles.length - 12} more` : ''}.`);
  const ra = model.regionAvailability;
  if (ra.regions > 0) {
    const worst = ra.worst !== undefined && ra.worst.unavailableMs > 0 ? `; longest: ${esc(ra.worst.region)} (${ms(ra.worst.unavailableMs)})` : '';
    const double = ra.doubleAssignments > 0 ? ` <span class="bad">${ra.doubleAssignments} double assignment${ra.doubleAssignments === 1 ? '' : 's'} in ${ra.doubleAssigned} region${ra.doubleAssigned === 1 ? '' : 's'}</span> (served by two servers at once, as the assignment checker found).` : '';
    items.push(`${ra.affected === 0 ? 'Every region was served throughout' : `<span class="bad">${ra.affected} of ${ra.regions} regions were unavailable</span> at some time, ${ms(ra.totalUnavailableMs)} in all${worst}`}.${double}`);
  }
  const all = model.latency.find((l) => l.f === 'all');
  if (all !== undefined) {
    const firstBad = model.operations.find((o) => o.outcome !== 'ok' && !isMismatch(o));
    const mismatches = model.operations.filter(isMismatch).length;
    const failed = all.fail - mismatches;
    const unknown = all.info + all.open;
    items.push(
      `${all.count} client operations: ${all.ok} ok, ${failed > 0 ? `<span class="bad">${failed} failed</span>` : '0 failed'}${mismatches > 0 ? `, ${mismatches} cas mismatches (an ordinary answer)` : ''}, ` +
        `${unknown > 0 ? `<span class="bad">${unknown} indeterminate</span>` : '0 indeterminate'}${firstBad !== undefined ? `; first failed or indeterminate at ${ms(firstBad.start)}` : ''}.`,
    );
  } else items.push('<span class="muted">No client operations in the history.</span>');
  if (model.highlights.size > 0) items.push(`<span class="bad">${model.highlights.size} operation${model.highlights.size === 1 ? '' : 's'} named by checker evidence</span>, marked ▼ in purple on the timeline.`);
  if (model.faults.length > 0) {
    const kinds = new Map<string, number>();
    for (const f of model.faults) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
    items.push(`${model.faults.length} faults: ${[...kinds].map(([k, n]) => `${esc(k)} ×${n}`).join(', ')}.`);
  } else items.push('<span class="muted">No faults in the trace.</span>');
  return `<ul class="glance">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

function num(v: number | undefined): string {
  return v === undefined ? '—' : ms(v);
}

export function figuresSection(model: ReportModel): string {
  let out = '<h3>Latency by operation (ok and fail; indeterminate excluded)</h3>';
  if (model.latency.length === 0) out += '<p class="muted">No operations.</p>';
  else {
    out += '<table><tr><th>f</th><th class="num">ops</th><th class="num">ok</th><th class="num">fail</th><th class="num">info</th><th class="num">open</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">max</th></tr>';
    for (const l of model.latency) out += `<tr><td>${l.f === 'all' ? '<b>all</b>' : esc(l.f)}</td><td class="num">${l.count}</td><td class="num">${l.ok}</td><td class="num">${l.fail}</td><td class="num">${l.info}</td><td class="num">${l.open}</td><td class="num">${num(l.p50)}</td><td class="num">${num(l.p95)}</td><td class="num">${num(l.p99)}</td><td class="num">${num(l.max)}</td></tr>`;
    out += '</table>';
  }
  const m = model.masters;
  out += '<h3>Masters: time without an active master</h3>';
  if (m.firstActive === undefined) out += `<p class="muted">${model.servers.lanes.some((l) => l.kind === 'master') ? 'No master was ever active.' : 'No master events in the trace.'}</p>`;
  else {
    out += `<p>Start-up (before the first active master): ${ms(m.startupMs)}. After it: <b>${ms(m.withoutActiveMs)}</b> without an active master in ${m.gaps.length} interval${m.gaps.length === 1 ? '' : 's'}.</p>`;
    if (m.gaps.length > 0) {
      out += '<table><tr><th class="num">from</th><th class="num">to</th><th class="num">without master</th><th>how the previous tenure ended</th><th>next active</th><th class="num">initialized</th><th class="num">loss → initialized</th></tr>';
      for (const g of m.gaps) out += `<tr><td class="num">${ms(g.from)}</td><td class="num">${ms(g.to)}</td><td class="num">${ms(g.to - g.from)}</td><td>${esc(g.endedBy ?? '')}</td><td>${esc(g.next ?? '—')}</td><td class="num">${num(g.initializedAt)}</td><td class="num">${g.initializedAt === undefined ? '—' : ms(g.initializedAt - g.from)}</td></tr>`;
      out += '</table>';
    }
  }
  out += '<h3>Regions: unavailability (served by no running server)</h3>';
  if (model.regions.length === 0) out += '<p class="muted">No region events in the trace.</p>';
  else {
    const worst = [...model.regions].filter((r) => r.unavailableMs > 0 || r.overlaps.length > 0).sort((a, b) => b.unavailableMs - a.unavailableMs).slice(0, MAX_REGION_TABLE_ROWS);
    out += `<p>${model.regionAvailability.affected} of ${model.regions.length} regions unavailable at some time after they first appeared; ${ms(model.regionAvailability.totalUnavailableMs)} in all.</p>`;
    if (worst.length > 0) {
      out += '<table><tr><th>region</th><th>table</th><th class="num">unavailable</th><th class="num">gaps</th><th class="num">longest gap</th><th class="num">double-assigned</th></tr>';
      for (const r of worst) {
        const longest = r.gaps.reduce((mx, g) => Math.max(mx, g.to - g.from), 0);
        out += `<tr><td class="mono">${esc(r.region)}</td><td>${esc(r.table)}</td><td class="num">${ms(r.unavailableMs)}</td><td class="num">${r.gaps.length}</td><td class="num">${ms(longest)}</td><td class="num">${r.overlaps.length > 0 ? `<span class="bad">${r.overlaps.length}× (${ms(r.overlaps.reduce((s, o) => s + o.to - o.from, 0))})</span>` : '—'}</td></tr>`;
      }
      out += '</table>';
    }
  }
  return out;
}


/**
 * The operations worth a row: those the violation story names (`named`, in its order) and other evidence first,
 * then indeterminate and failed ones in time order.
 */
export function tableOperations(model: ReportModel, named: readonly number[] = []): { ops: Operation[]; total: number } {
  const position = new Map(named.map((index, i) => [index, i - named.length] as const));
  // A cas whose compare found another value is an ordinary, determinate answer: listed last.
  const rank = (op: Operation): number =>
    position.get(op.invokeIndex) ?? (model.highlights.has(op.invokeIndex) ? 0 : op.outcome === 'info' || op.outcome === 'open' ? 1 : op.outcome === 'fail' ? (isMismatch(op) ? 3 : 2) : 4);
  const candidates = model.operations.filter((op) => rank(op) < 4);
  candidates.sort((a, b) => rank(a) - rank(b) || a.start - b.start);
  return { ops: candidates.slice(0, MAX_OP_TABLE_ROWS), total: candidates.length };
}

export function operationsSection(model: ReportModel, ops: readonly Operation[], total: number): string {
  if (total === 0) return '<p class="muted">Every operation completed ok and no checker named any.</p>';
  let out = `<p>${total} operation${total === 1 ? '' : 's'} named by evidence, indeterminate or failed${total > ops.length ? ` (the first ${ops.length} shown)` : ''}. Click a bar on the timeline to jump here.</p>`;
  out += '<table><tr><th class="num">op</th><th class="num">process</th><th>f</th><th>key</th><th>value</th><th>outcome</th><th>result / error</th><th class="num">invoked</th><th class="num">completed</th><th>evidence of</th></tr>';
  for (const op of ops) {
    const hl = model.highlights.get(op.invokeIndex);
    const outcome = op.outcome === 'ok' ? 'ok' : `<span class="bad">${op.outcome}</span>`;
    const detail = op.error !== undefined ? show(op.error, 120) : op.outcome === 'ok' || op.outcome === 'fail' ? show(op.result, 80) : '';
    out += `<tr id="op-${op.invokeIndex}"><td class="num">${op.invokeIndex}</td><td class="num">${op.process}</td><td>${esc(op.f)}</td><td class="mono">${esc(show(op.key, 40))}</td><td class="mono">${esc(show(op.value, 60))}</td><td>${outcome}</td><td class="mono">${esc(detail)}</td><td class="num">${ms(op.start)}</td><td class="num">${op.completedAt === undefined ? '—' : ms(op.completedAt)}</td><td>${hl === undefined ? '' : `<span class="bad">${esc(hl.join(', '))}</span>`}</td></tr>`;
  }
  return out + '</table>';
}

export function checkersSection(model: ReportModel, linked: ReadonlySet<number>): string {
  const entries = Object.entries(model.input.result.checkers);
  if (entries.length === 0) return '<p class="muted">No checker ran on this run, so its verdict is unknown.</p>';
  let out = '';
  for (const [name, result] of entries) {
    const { valid, ...evidence } = result;
    const { text, truncated } = prettyJson(evidence, MAX_EVIDENCE_CHARS);
    const marked = [...model.highlights].filter(([, names]) => names.includes(name)).map(([i]) => i).sort((a, b) => a - b);
    out += `<h3>${esc(name)} ${badge(valid)}</h3>`;
    if (marked.length > 0) out += `<p>Marks ${marked.length} operation${marked.length === 1 ? '' : 's'} on the timeline: ${marked.slice(0, 40).map((i) => (linked.has(i) ? `<a href="#op-${i}">${i}</a>` : String(i))).join(', ')}${marked.length > 40 ? ', …' : ''}</p>`;
    out += Object.keys(evidence).length === 0 ? '<p class="muted">No evidence given.</p>' : `<details${valid === false ? ' open' : ''}><summary>evidence (${text.length} characters${truncated ? ', cut' : ''})</summary><pre>${esc(text)}${truncated ? '\n… (cut)' : ''}</pre></details>`;
  }
  return out;
}

export function runDataSection(model: ReportModel): string {
  const r = model.input.result;
  let out = '<h3>Stats</h3><table>';
  for (const [k, v] of Object.entries(r.stats)) out += `<tr><th>${esc(k)}</th><td class="mono">${esc(show(v, 200))}</td></tr>`;
  out += '</table>';
  if (r.options !== undefined && Object.keys(r.options).length > 0) out += `<h3>Options</h3><pre>${esc(prettyJson(r.options, 20_000).text)}</pre>`;
  const faults = model.input.schedule.faults;
  const sched = prettyJson(model.input.schedule, MAX_EVIDENCE_CHARS);
  out += `<h3>Fault schedule</h3><p>${faults.length} fault${faults.length === 1 ? '' : 's'} scheduled (schedule.json, as resolved).</p>`;
  if (faults.length > 0) out += `<details><summary>schedule.json</summary><pre>${esc(sched.text)}${sched.truncated ? '\n… (cut)' : ''}</pre></details>`;
  if (typeof r.sha256 === 'string') out += `<p class="muted">sha256 of history + trace: <span class="mono">${esc(r.sha256)}</span></p>`;
  return out;
}
