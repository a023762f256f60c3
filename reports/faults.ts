/**
 * Fault bands from `fault.*` trace events (harness/faults/trace-events.ts), read as plain records by the
 * convention they follow rather than narrowed, so that a trace from elsewhere draws too. `fault.<kind>` starts a fault; `fault.<kind>.end` ends it, and so do
 * the usual counterparts `fault.heal` (of a partition) and `fault.resume` (of a pause). An end that names a
 * target ends that target's fault; one that names none ends every open fault of its kind (a heal heals all).
 * A kind that never ends in the trace and is not known to last (partition, pause) is instantaneous (a crash).
 */
import type { TraceRecord } from '../schema/index.ts';
import { describeEvent } from './servers.ts';

export interface FaultSpan {
  kind: string;
  from: number;
  /** Equal to `from` for an instantaneous fault. */
  to: number;
  instant: boolean;
  /** True when the fault was still in force at the end of the run. */
  unended: boolean;
  /** Strings found in the fault's target fields: process ids or server names it touched. */
  targets: string[];
  detail: string;
}

const END_ALIASES: Record<string, string> = { heal: 'partition', resume: 'pause' };
const LASTING = new Set(['partition', 'pause']);
const TARGET_FIELDS = ['target', 'targets', 'process', 'processes', 'server', 'servers', 'resolved', 'group', 'groups', 'from', 'to'];

function collectStrings(value: unknown, out: string[], depth = 0): void {
  if (out.length > 64 || depth > 4) return;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out, depth + 1);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) collectStrings(v, out, depth + 1);
}

function targetsOf(e: TraceRecord): string[] {
  const out: string[] = [];
  for (const f of TARGET_FIELDS) if (f in e) collectStrings(e[f], out);
  return [...new Set(out)];
}

function targetKey(e: TraceRecord): string | undefined {
  return e.target === undefined ? undefined : JSON.stringify(e.target);
}

export function buildFaults(trace: readonly TraceRecord[], runEnd: number): FaultSpan[] {
  const starts: { e: TraceRecord; kind: string }[] = [];
  const ends: { e: TraceRecord; kind: string }[] = [];
  const endedKinds = new Set<string>();
  for (const e of trace) {
    if (!e.type.startsWith('fault.')) continue;
    const name = e.type.slice('fault.'.length);
    if (name.endsWith('.end')) {
      const kind = name.slice(0, -'.end'.length);
      ends.push({ e, kind });
      endedKinds.add(kind);
    } else if (END_ALIASES[name] !== undefined) {
      const kind = END_ALIASES[name] as string;
      ends.push({ e, kind });
      endedKinds.add(kind);
    } else starts.push({ e, kind: name });
  }

  const spans: FaultSpan[] = [];
  const open = new Map<string, { span: FaultSpan; key: string | undefined }[]>();
  let si = 0;
  let ei = 0;
  // Merge starts and ends in trace order (both lists are already in it); at equal times a start goes first, so a
  // zero-length fault is still a fault.
  while (si < starts.length || ei < ends.length) {
    const s = starts[si];
    const en = ends[ei];
    if (s !== undefined && (en === undefined || s.e.time <= en.e.time)) {
      si++;
      const lasting = LASTING.has(s.kind) || endedKinds.has(s.kind);
      const span: FaultSpan = { kind: s.kind, from: s.e.time, to: s.e.time, instant: !lasting, unended: false, targets: targetsOf(s.e), detail: `${describeEvent(s.e)} at ${s.e.time} ms` };
      spans.push(span);
      if (lasting) {
        const list = open.get(s.kind) ?? [];
        list.push({ span, key: targetKey(s.e) });
        open.set(s.kind, list);
      }
    } else if (en !== undefined) {
      ei++;
      const list = open.get(en.kind) ?? [];
      const key = targetKey(en.e);
      const keep: typeof list = [];
      let matched = false;
      for (const o of list) {
        if (key === undefined || (!matched && o.key === key)) {
          o.span.to = en.e.time;
          matched = true;
        } else keep.push(o);
      }
      // An end whose target matches no open fault of its kind still ends the oldest one (targets may be spelt differently).
      if (!matched && keep.length > 0) (keep.shift() as { span: FaultSpan }).span.to = en.e.time;
      open.set(en.kind, keep);
    }
  }
  for (const list of open.values()) {
    for (const o of list) {
      o.span.to = runEnd;
      o.span.unended = true;
    }
  }
  return spans;
}
