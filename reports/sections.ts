/** The page's HTML sections other than the charts: verdict, at-a-glance, figures, evidence, operations, run data. */
import { ms, prettyJson, show } from './escape.ts';
import { el, fragment, markup, table, type Child, type Column, type Html } from './html.ts';
import type { ReportCheckerResult, Validity } from './input.ts';
import type { ReportModel } from './model.ts';
import { isMismatch, type Operation } from './operations.ts';
import type { MasterGap } from './servers.ts';
import { STATE_LABEL } from './server-rows.ts';

export const MAX_OP_TABLE_ROWS = 300;
export const MAX_EVIDENCE_CHARS = 200_000;
const MAX_REGION_TABLE_ROWS = 25;
const GAPS_AT_A_GLANCE = 6;

export function verdictWord(v: Validity): { word: string; cls: string } {
  return v === true ? { word: 'VALID', cls: 'valid' } : v === false ? { word: 'VIOLATION', cls: 'violation' } : { word: 'UNKNOWN', cls: 'unknown' };
}

function badge(v: Validity): Html {
  const { word, cls } = verdictWord(v);
  return el('span', { class: `badge b-${cls}` }, word);
}

const bad = (...children: Child[]): Html => el('span', { class: 'bad' }, ...children);
const muted = (...children: Child[]): Html => el('span', { class: 'muted' }, ...children);
const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

export function verdictSection(model: ReportModel): string {
  const r = model.input.result;
  const { word, cls } = verdictWord(r.valid);
  const checkers = Object.entries(r.checkers).map(([name, c]) => el('span', null, `${name} `, badge(c.valid)));
  const subject = typeof r.options?.history === 'string' ? el('span', null, 'history ', el('b', null, r.options.history)) : el('span', null, 'scenario ', el('b', null, r.scenario), ', seed ', el('b', null, String(r.seed)));
  return markup(
    el('div', { class: `verdict v-${cls}` }, el('span', { class: 'big' }, word), subject, el('span', null, checkers.length === 0 ? muted('no checkers ran') : checkers.flatMap((c, i) => [i > 0 && ' ', c]))),
    el('div', { class: 'repro' }, el('span', null, 'Reproduce:'), el('code', { id: 'repro' }, r.repro), el('button', { id: 'copy-repro', type: 'button', hidden: true }, 'copy')),
  );
}

function gapItem(g: MasterGap): Html {
  const then =
    g.next === undefined
      ? 'no master took over before the end of the run'
      : fragment('then ', el('b', null, g.next), ' became active', g.initializedAt !== undefined ? `, initialized at ${ms(g.initializedAt)} (${ms(g.initializedAt - g.from)} after the loss)` : ', never initialized');
  return el('li', null, `${ms(g.from)} – ${ms(g.to)} (${ms(g.to - g.from)}): ${g.endedBy ?? ''}; `, then, '.');
}

function mastersAtAGlance(model: ReportModel): Html[] {
  const masters = model.servers.lanes.filter((l) => l.kind === 'master');
  const m = model.masters;
  if (masters.length === 0) return [muted('No master events in the trace.')];
  if (m.firstActive === undefined) return [fragment(bad('No master ever became active'), ` (${plural(masters.length, 'master process', 'master processes')}).`)];
  const gaps = m.gaps.length === 0 ? 'an active master throughout after that.' : fragment(bad(`${ms(m.withoutActiveMs)} without an active master`), ` in ${plural(m.gaps.length, 'interval')}:`);
  const list = m.gaps.slice(0, GAPS_AT_A_GLANCE).map(gapItem);
  if (m.gaps.length > GAPS_AT_A_GLANCE) list.push(el('li', null, `and ${m.gaps.length - GAPS_AT_A_GLANCE} more (see Figures).`));
  const items = [fragment(`First active master at ${ms(m.firstActive)}; `, gaps, list.length > 0 && el('ul', null, list))];
  if (m.overlaps[0] !== undefined) items.push(fragment(bad(`Two masters active at once ${m.overlaps.length}×`), `, first at ${ms(m.overlaps[0].from)}.`));
  return items;
}

function regionServersAtAGlance(model: ReportModel): string | undefined {
  const troubles: string[] = [];
  for (const lane of model.servers.lanes) {
    if (lane.kind !== 'regionserver') continue;
    for (const s of lane.segments) if (s.state === 'aborted' || s.state === 'dead' || s.state === 'paused') troubles.push(`${lane.process} ${STATE_LABEL[s.state].toLowerCase()} at ${ms(s.from)}`);
  }
  if (troubles.length === 0) return undefined;
  return `RegionServers: ${troubles.slice(0, 12).join('; ')}${troubles.length > 12 ? `; and ${troubles.length - 12} more` : ''}.`;
}

function regionsAtAGlance(model: ReportModel): Html | undefined {
  const ra = model.regionAvailability;
  if (ra.regions === 0) return undefined;
  const worst = ra.worst !== undefined && ra.worst.unavailableMs > 0 ? `; longest: ${ra.worst.region} (${ms(ra.worst.unavailableMs)})` : '';
  const served = ra.affected === 0 ? 'Every region was served throughout' : fragment(bad(`${ra.affected} of ${ra.regions} regions were unavailable`), ` at some time, ${ms(ra.totalUnavailableMs)} in all${worst}`);
  const double = ra.doubleAssignments > 0 && fragment(' ', bad(`${plural(ra.doubleAssignments, 'double assignment')} in ${plural(ra.doubleAssigned, 'region')}`), ' (served by two servers at once, as the assignment checker found).');
  return fragment(served, '.', double);
}

function operationsAtAGlance(model: ReportModel): Html {
  const all = model.latency.find((l) => l.f === 'all');
  if (all === undefined) return muted('No client operations in the history.');
  const firstBad = model.operations.find((o) => o.outcome !== 'ok' && !isMismatch(o));
  const mismatches = model.operations.filter(isMismatch).length;
  const failed = all.fail - mismatches;
  const unknown = all.info + all.open;
  return fragment(
    `${all.count} client operations: ${all.ok} ok, `,
    failed > 0 ? bad(`${failed} failed`) : '0 failed',
    mismatches > 0 && `, ${mismatches} cas mismatches (an ordinary answer)`,
    ', ',
    unknown > 0 ? bad(`${unknown} indeterminate`) : '0 indeterminate',
    firstBad !== undefined && `; first failed or indeterminate at ${ms(firstBad.start)}`,
    '.',
  );
}

function faultsAtAGlance(model: ReportModel): Html | string {
  if (model.faults.length === 0) return muted('No faults in the trace.');
  const kinds = new Map<string, number>();
  for (const f of model.faults) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  return `${model.faults.length} faults: ${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ')}.`;
}

/** The few sentences an engineer chasing a failover reads first. */
export function glanceSection(model: ReportModel): string {
  const named = model.highlights.size > 0 && fragment(bad(`${plural(model.highlights.size, 'operation')} named by checker evidence`), ', marked ▼ in purple on the timeline.');
  const items = [...mastersAtAGlance(model), regionServersAtAGlance(model), regionsAtAGlance(model), operationsAtAGlance(model), named, faultsAtAGlance(model)];
  return markup(el('ul', { class: 'glance' }, items.filter((i) => i !== undefined && i !== false).map((i) => el('li', null, i))));
}

function num(v: number | undefined): string {
  return v === undefined ? '—' : ms(v);
}

const LATENCY_COLUMNS: Column[] = [{ title: 'f' }, ...['ops', 'ok', 'fail', 'info', 'open', 'p50', 'p95', 'p99', 'max'].map((title) => ({ title, cls: 'num' as const }))];
const GAP_COLUMNS: Column[] = [
  { title: 'from', cls: 'num' },
  { title: 'to', cls: 'num' },
  { title: 'without master', cls: 'num' },
  { title: 'how the previous tenure ended' },
  { title: 'next active' },
  { title: 'initialized', cls: 'num' },
  { title: 'loss → initialized', cls: 'num' },
];
const REGION_COLUMNS: Column[] = [{ title: 'region', cls: 'mono' }, { title: 'table' }, ...['unavailable', 'gaps', 'longest gap', 'double-assigned'].map((title) => ({ title, cls: 'num' as const }))];

function latencyFigures(model: ReportModel): Html {
  const heading = el('h3', null, 'Latency by operation (ok and fail; indeterminate excluded)');
  if (model.latency.length === 0) return fragment(heading, el('p', { class: 'muted' }, 'No operations.'));
  const rows = model.latency.map((l) => [l.f === 'all' ? el('b', null, 'all') : l.f, l.count, l.ok, l.fail, l.info, l.open, num(l.p50), num(l.p95), num(l.p99), num(l.max)]);
  return fragment(heading, table(LATENCY_COLUMNS, rows));
}

function masterFigures(model: ReportModel): Html {
  const m = model.masters;
  const heading = el('h3', null, 'Masters: time without an active master');
  if (m.firstActive === undefined) return fragment(heading, el('p', { class: 'muted' }, model.servers.lanes.some((l) => l.kind === 'master') ? 'No master was ever active.' : 'No master events in the trace.'));
  const summary = el('p', null, `Start-up (before the first active master): ${ms(m.startupMs)}. After it: `, el('b', null, ms(m.withoutActiveMs)), ` without an active master in ${plural(m.gaps.length, 'interval')}.`);
  const rows = m.gaps.map((g) => [ms(g.from), ms(g.to), ms(g.to - g.from), g.endedBy ?? '', g.next ?? '—', num(g.initializedAt), g.initializedAt === undefined ? '—' : ms(g.initializedAt - g.from)]);
  return fragment(heading, summary, rows.length > 0 && table(GAP_COLUMNS, rows));
}

function regionFigures(model: ReportModel): Html {
  const heading = el('h3', null, 'Regions: unavailability (served by no running server)');
  if (model.regions.length === 0) return fragment(heading, el('p', { class: 'muted' }, 'No region events in the trace.'));
  const worst = [...model.regions].filter((r) => r.unavailableMs > 0 || r.overlaps.length > 0).sort((a, b) => b.unavailableMs - a.unavailableMs).slice(0, MAX_REGION_TABLE_ROWS);
  const summary = el('p', null, `${model.regionAvailability.affected} of ${model.regions.length} regions unavailable at some time after they first appeared; ${ms(model.regionAvailability.totalUnavailableMs)} in all.`);
  const rows = worst.map((r) => {
    const longest = r.gaps.reduce((mx, g) => Math.max(mx, g.to - g.from), 0);
    const doubled = r.overlaps.length > 0 ? bad(`${r.overlaps.length}× (${ms(r.overlaps.reduce((s, o) => s + o.to - o.from, 0))})`) : '—';
    return [r.region, r.table, ms(r.unavailableMs), r.gaps.length, ms(longest), doubled];
  });
  return fragment(heading, summary, rows.length > 0 && table(REGION_COLUMNS, rows));
}

export function figuresSection(model: ReportModel): string {
  return markup(latencyFigures(model), masterFigures(model), regionFigures(model));
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

const OPERATION_COLUMNS: Column[] = [
  { title: 'op', cls: 'num' },
  { title: 'process', cls: 'num' },
  { title: 'f' },
  { title: 'key', cls: 'mono' },
  { title: 'value', cls: 'mono' },
  { title: 'outcome' },
  { title: 'result / error', cls: 'mono' },
  { title: 'invoked', cls: 'num' },
  { title: 'completed', cls: 'num' },
  { title: 'evidence of' },
];

function operationRow(model: ReportModel, op: Operation): Child[] {
  const checkers = model.highlights.get(op.invokeIndex);
  const detail = op.error !== undefined ? show(op.error, 120) : op.outcome === 'ok' || op.outcome === 'fail' ? show(op.result, 80) : '';
  return [
    op.invokeIndex,
    op.process,
    op.f,
    show(op.key, 40),
    show(op.value, 60),
    op.outcome === 'ok' ? 'ok' : bad(op.outcome),
    detail,
    ms(op.start),
    op.completedAt === undefined ? '—' : ms(op.completedAt),
    checkers !== undefined && bad(checkers.join(', ')),
  ];
}

export function operationsSection(model: ReportModel, ops: readonly Operation[], total: number): string {
  if (total === 0) return markup(el('p', { class: 'muted' }, 'Every operation completed ok and no checker named any.'));
  const intro = el('p', null, `${plural(total, 'operation')} named by evidence, indeterminate or failed${total > ops.length ? ` (the first ${ops.length} shown)` : ''}. Click a bar on the timeline to jump here.`);
  return markup(
    intro,
    table(
      OPERATION_COLUMNS,
      ops.map((op) => operationRow(model, op)),
      ops.map((op) => `op-${op.invokeIndex}`),
    ),
  );
}

function evidenceOf(name: string, result: ReportCheckerResult, model: ReportModel, linked: ReadonlySet<number>): Html {
  const { valid, ...evidence } = result;
  const { text, truncated } = prettyJson(evidence, MAX_EVIDENCE_CHARS);
  const marked = [...model.highlights].filter(([, names]) => names.includes(name)).map(([i]) => i).sort((a, b) => a - b);
  const links = marked.slice(0, 40).flatMap((i, k) => [k > 0 && ', ', linked.has(i) ? el('a', { href: `#op-${i}` }, i) : String(i)]);
  const marks = marked.length > 0 && el('p', null, `Marks ${plural(marked.length, 'operation')} on the timeline: `, links, marked.length > 40 && ', …');
  const shown =
    Object.keys(evidence).length === 0
      ? el('p', { class: 'muted' }, 'No evidence given.')
      : el('details', { open: valid === false }, el('summary', null, `evidence (${text.length} characters${truncated ? ', cut' : ''})`), el('pre', null, text, truncated && '\n… (cut)'));
  return fragment(el('h3', null, `${name} `, badge(valid)), marks, shown);
}

export function checkersSection(model: ReportModel, linked: ReadonlySet<number>): string {
  const entries = Object.entries(model.input.result.checkers);
  if (entries.length === 0) return markup(el('p', { class: 'muted' }, 'No checker ran on this run, so its verdict is unknown.'));
  return markup(entries.map(([name, result]) => evidenceOf(name, result, model, linked)));
}

export function runDataSection(model: ReportModel): string {
  const r = model.input.result;
  const stats = el('table', null, Object.entries(r.stats).map(([k, v]) => el('tr', null, el('th', null, k), el('td', { class: 'mono' }, show(v, 200)))));
  const options = r.options !== undefined && Object.keys(r.options).length > 0 && fragment(el('h3', null, 'Options'), el('pre', null, prettyJson(r.options, 20_000).text));
  const faults = model.input.schedule.faults;
  const schedule = prettyJson(model.input.schedule, MAX_EVIDENCE_CHARS);
  return markup(
    el('h3', null, 'Stats'),
    stats,
    options,
    el('h3', null, 'Fault schedule'),
    el('p', null, `${plural(faults.length, 'fault')} scheduled (schedule.json, as resolved).`),
    faults.length > 0 && el('details', null, el('summary', null, 'schedule.json'), el('pre', null, schedule.text, schedule.truncated && '\n… (cut)')),
    typeof r.sha256 === 'string' && el('p', { class: 'muted' }, 'sha256 of history + trace: ', el('span', { class: 'mono' }, r.sha256)),
  );
}
