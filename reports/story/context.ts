/**
 * What the cluster was doing around a failing key: the region whose row range holds it, the servers that served
 * that region, and the faults, master changes, process deaths and the master's view of the region in the
 * story's window. Read from the trace alone; a history without a trace (or keys that are not `table/row`) gets
 * an empty context, and the page says so.
 */
import type { TraceEvent } from '../../schema/index.ts';
import { ms } from '../escape.ts';
import type { ReportModel } from '../model.ts';
import type { RegionRow, Tenure } from '../regions.ts';

export interface ContextEvent {
  time: number;
  /** The end of a lasting fault; undefined for an instant. */
  to?: number;
  kind: 'fault' | 'master' | 'process' | 'region';
  text: string;
}

export interface KeyContext {
  /** Regions whose range holds the key (a table split or recreated may have several). */
  regions: RegionRow[];
  /** Their tenures that overlap the window. */
  tenures: (Tenure & { region: string })[];
  events: ContextEvent[];
}

/** `[cluster:]table/row`, as the workloads write keys. */
export function parseKey(key: string): { table: string; row: string } | undefined {
  const unscoped = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
  const slash = unscoped.indexOf('/');
  if (slash <= 0) return undefined;
  return { table: unscoped.slice(0, slash), row: unscoped.slice(slash + 1) };
}

function regionsHolding(events: readonly TraceEvent[], key: string): Set<string> {
  const parsed = parseKey(key);
  const found = new Set<string>();
  if (parsed === undefined) return found;
  for (const e of events) {
    if (e.type !== 'region.opened' || e.table !== parsed.table || e.startKey === undefined || e.endKey === undefined) continue;
    if (parsed.row >= e.startKey && (e.endKey === '' || parsed.row < e.endKey)) found.add(e.region);
  }
  return found;
}

function overlaps(from: number, to: number, window: { from: number; to: number }): boolean {
  return from <= window.to && to >= window.from;
}

function clusterEvent(e: TraceEvent, regions: ReadonlySet<string>): ContextEvent | undefined {
  switch (e.type) {
    case 'master.active':
      return { time: e.time, kind: 'master', text: `${e.process} becomes the active master` };
    case 'master.aborted':
      return { time: e.time, kind: 'master', text: `${e.process} aborts: ${e.reason}` };
    case 'process.crash':
      return { time: e.time, kind: 'process', text: `${e.process} crashes` };
    case 'process.restart':
      return { time: e.time, kind: 'process', text: `${e.process} restarts` };
    case 'region.opened':
      return regions.has(e.region) ? { time: e.time, kind: 'region', text: `region ${e.region} opened on ${e.server}` } : undefined;
    case 'region.closed':
      return regions.has(e.region) ? { time: e.time, kind: 'region', text: `region ${e.region} closed on ${e.server}${e.reason === 'abort' ? ' (the server aborted)' : ''}` } : undefined;
    case 'am.transition':
      return regions.has(e.region) ? { time: e.time, kind: 'region', text: `master: region ${e.region} → ${e.state}${e.server === null ? '' : ` on ${e.server}`}` } : undefined;
    case 'master.serverFenced':
      return { time: e.time, kind: 'process', text: `master fences ${e.server} (its WALs' leases recovered)` };
    default:
      return undefined;
  }
}

export function keyContext(model: ReportModel, key: string, window: { from: number; to: number }): KeyContext {
  return regionContext(model, regionsHolding(model.events, key), window);
}

/** The same context for regions named outright (an assignment violation's). */
export function regionContext(model: ReportModel, names: ReadonlySet<string>, window: { from: number; to: number }): KeyContext {
  const regions = model.regions.filter((r) => names.has(r.region));
  const tenures = regions.flatMap((r) => r.tenures.filter((t) => overlaps(t.from, t.to, window)).map((t) => ({ ...t, region: r.region })));
  const out: ContextEvent[] = [];
  for (const f of model.faults) {
    if (overlaps(f.from, f.to, window)) out.push({ time: f.from, ...(f.instant ? {} : { to: f.to }), kind: 'fault', text: `${f.kind}${f.targets.length > 0 ? ` of ${f.targets.join(', ')}` : ''}${f.instant ? '' : ` until ${f.unended ? 'the end' : ms(f.to)}`}` });
  }
  for (const e of model.events) {
    if (e.time < window.from || e.time > window.to) continue;
    const c = clusterEvent(e, names);
    if (c !== undefined) out.push(c);
  }
  out.sort((a, b) => a.time - b.time);
  return { regions, tenures, events: out };
}
