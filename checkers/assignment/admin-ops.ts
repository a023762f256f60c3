/**
 * Every acknowledged admin operation took effect: a created table exists at the end; the last acknowledged
 * enable/disable of a table is its final state (unless a later toggle's outcome is unknown); a move reopened
 * the region while it was in flight.
 */
import type { ClusterSnapshot } from '../../schema/snapshot.ts';
import type { TraceEvent } from '../../schema/trace.ts';

export interface AdminViolation {
  kind: 'admin-not-effective';
  time: number;
  message: string;
  traceIndices: number[];
}

interface Toggle {
  state: 'ENABLED' | 'DISABLED' | 'UNKNOWN';
  index: number;
}

export function checkAdminOps(trace: readonly TraceEvent[], finalTables: ClusterSnapshot['tables'] | null): AdminViolation[] {
  const out: AdminViolation[] = [];
  const lastToggle = new Map<string, Toggle>();
  const created = new Map<string, number>();
  const openInvokes = new Map<string, number>();
  trace.forEach((e, index) => {
    if (e.type === 'admin.invoke' && e.op === 'move') openInvokes.set(e.region, index);
    if (e.type !== 'admin.complete') return;
    const ok = e.outcome === 'ok';
    if (e.op === 'createTable' && ok) created.set(e.table, index);
    if (e.op === 'enableTable' || e.op === 'disableTable') {
      if (ok) lastToggle.set(e.table, { state: e.op === 'enableTable' ? 'ENABLED' : 'DISABLED', index });
      else if (e.outcome === 'info') lastToggle.set(e.table, { state: 'UNKNOWN', index });
    }
    // A move took effect when the region reopened after it was asked for — not necessarily on the destination
    // (when the source crashes mid-move, HBase forces a new plan and drops it), and possibly just after the
    // acknowledgement (a master that failed over applies the persisted OPENED report before the RegionServer
    // hears back and starts serving).
    if (e.op === 'move' && ok) {
      const region = e.region;
      const from = openInvokes.get(region) ?? 0;
      const opened = trace.slice(from).some((t) => t.type === 'region.opened' && t.region === region);
      if (!opened) out.push({ kind: 'admin-not-effective', time: e.time, message: `move of ${region} was acknowledged but the region never reopened`, traceIndices: [from, index] });
    }
  });
  if (finalTables === null) return out;
  for (const [table, index] of created) {
    if (finalTables[table] === undefined) out.push({ kind: 'admin-not-effective', time: trace[index]?.time ?? 0, message: `table ${table} was created (acknowledged) but does not exist at the end`, traceIndices: [index] });
  }
  for (const [table, toggle] of lastToggle) {
    if (toggle.state !== 'UNKNOWN' && finalTables[table] !== toggle.state) {
      out.push({ kind: 'admin-not-effective', time: trace[toggle.index]?.time ?? 0, message: `table ${table} was last ${toggle.state === 'ENABLED' ? 'enabled' : 'disabled'} (acknowledged) but ends ${finalTables[table] ?? 'missing'}`, traceIndices: [toggle.index] });
    }
  }
  return out;
}
