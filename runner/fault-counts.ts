/**
 * Faults injected in a run, counted from its trace: by kind, and triggered ones by failpoint. A fault the nemesis
 * gave up on is traced `fault.skipped` — sometimes after its start record (a session expiry learns only once
 * started that its target had no session to expire) — so an entry with a skip record counts as not injected.
 */
export interface FaultCounts {
  byKind: Record<string, number>;
  byTrigger: Record<string, number>;
}

/** Any trace record (`{time, type, ...fields}`); only the fault records are read. */
interface TraceLine {
  type: string;
  [field: string]: unknown;
}

export function countInjectedFaults(trace: readonly TraceLine[]): FaultCounts {
  const skipped = new Set(trace.filter((e) => e.type === 'fault.skipped').map((e) => e.entry));
  const byKind: Record<string, number> = {};
  const byTrigger: Record<string, number> = {};
  for (const e of trace) {
    if (!e.type.startsWith('fault.') || e.type.endsWith('.end') || e.type === 'fault.skipped' || e.type === 'fault.quiet') continue;
    if (skipped.has(e.entry)) continue;
    const kind = e.type.slice('fault.'.length);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    if (typeof e.trigger === 'string') byTrigger[e.trigger] = (byTrigger[e.trigger] ?? 0) + 1;
  }
  return { byKind, byTrigger };
}
