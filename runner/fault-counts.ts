/**
 * Faults injected in a run, counted from its trace: by kind, and triggered ones by failpoint. A fault the nemesis
 * gave up on is traced `fault.skipped` — sometimes after its start record (a session expiry learns only once
 * started that its target had no session to expire) — so an entry with a skip record counts as not injected.
 */
import { isFaultStarted } from '../harness/faults/trace-events.ts';
import { isTraceEvent, type TraceRecord } from '../schema/index.ts';

export interface FaultCounts {
  byKind: Record<string, number>;
  byTrigger: Record<string, number>;
}

/** Any trace's records; only the fault records are read. */
export function countInjectedFaults(trace: readonly TraceRecord[]): FaultCounts {
  const events = trace.filter(isTraceEvent);
  const skipped = new Set(events.flatMap((e) => (e.type === 'fault.skipped' ? [e.entry] : [])));
  const byKind: Record<string, number> = {};
  const byTrigger: Record<string, number> = {};
  for (const e of events) {
    if (!isFaultStarted(e) || skipped.has(e.entry)) continue;
    const kind = e.type.slice('fault.'.length);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    if (e.trigger !== undefined) byTrigger[e.trigger] = (byTrigger[e.trigger] ?? 0) + 1;
  }
  return { byKind, byTrigger };
}
