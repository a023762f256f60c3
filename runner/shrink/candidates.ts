/**
 * The smaller schedules one step away from a schedule, as fast-check shrinks a value: fewer entries (whole
 * halves first, then one at a time), milder faults (durations, restart delays, skews and sync-failure counts
 * toward their least), timed faults later (toward the quiet phase), triggers on an earlier occurrence. Each
 * step keeps the schedule valid (times before the quiet phase, fields in range). Pure: no run happens here.
 */
import type { FaultSchedule, FaultSpec, TimedFault, TriggeredFault } from '../../harness/faults/types.ts';

/** An entry of a schedule: a timed fault or a trigger, by its index in its list. */
export interface EntryRef {
  list: 'faults' | 'triggers';
  index: number;
}

/** Every entry, timed faults first. */
export function entryRefs(schedule: FaultSchedule): EntryRef[] {
  return [...schedule.faults.map((_, index) => ({ list: 'faults' as const, index })), ...schedule.triggers.map((_, index) => ({ list: 'triggers' as const, index }))];
}

export function entryCount(schedule: FaultSchedule): number {
  return schedule.faults.length + schedule.triggers.length;
}

/** The schedule without the given entries. */
export function withoutEntries(schedule: FaultSchedule, refs: readonly EntryRef[]): FaultSchedule {
  const dropped = (list: EntryRef['list'], index: number) => refs.some((r) => r.list === list && r.index === index);
  return { ...schedule, faults: schedule.faults.filter((_, i) => !dropped('faults', i)), triggers: schedule.triggers.filter((_, i) => !dropped('triggers', i)) };
}

/** Dropping half the entries: the first half, then the second (none for fewer than two entries). */
export function halfDrops(schedule: FaultSchedule): FaultSchedule[] {
  const refs = entryRefs(schedule);
  if (refs.length < 2) return [];
  const mid = Math.ceil(refs.length / 2);
  return [withoutEntries(schedule, refs.slice(0, mid)), withoutEntries(schedule, refs.slice(mid))];
}

/** Rungs of the ladder `toward` climbs: runs are costly, so fewer than fast-check's (which halves until the gap closes). */
const RUNGS = 4;

/**
 * An integer moved toward `target`, as fast-check's integer shrinker does: the target itself, then half way, a
 * quarter, an eighth of the way. Nothing when it is already there.
 */
export function toward(value: number, target: number): number[] {
  const out: number[] = [];
  for (let gap = value - target, rung = 0; rung < RUNGS && gap !== 0; gap = Math.trunc(gap / 2), rung++) {
    const step = rung === 0 ? target : value - gap;
    if (!out.includes(step)) out.push(step);
  }
  return out;
}

/** The fault with each numeric field made milder, one field and one step at a time. */
export function milderFaults(fault: FaultSpec): FaultSpec[] {
  switch (fault.kind) {
    case 'crash':
      return fault.restartAfterMs === null ? [] : toward(fault.restartAfterMs, 0).map((restartAfterMs) => ({ ...fault, restartAfterMs }));
    case 'pause':
    case 'partition':
    case 'partition-one-way':
      return toward(fault.durationMs, 0).map((durationMs) => ({ ...fault, durationMs }));
    case 'clock-skew':
      return toward(fault.skewMs, 0).map((skewMs) => ({ ...fault, skewMs }));
    case 'sync-failure':
      return typeof fault.times === 'number' ? toward(fault.times, 1).map((times) => ({ ...fault, times })) : [];
    case 'session-expiry':
    case 'restart':
      return [];
  }
}

/** The entry with a milder fault. */
export function milderEntries(schedule: FaultSchedule, ref: EntryRef): FaultSchedule[] {
  const entry = entryAt(schedule, ref);
  return milderFaults(entry.fault).map((fault) => replaceEntry(schedule, ref, { ...entry, fault }));
}

/** A timed fault moved later, toward the last moment before the quiet phase. */
export function laterEntries(schedule: FaultSchedule, ref: EntryRef): FaultSchedule[] {
  if (ref.list !== 'faults') return [];
  const entry = schedule.faults[ref.index] as TimedFault;
  return toward(entry.at, schedule.quietAtMs - 1)
    .filter((at) => at > entry.at)
    .map((at) => replaceEntry(schedule, ref, { ...entry, at }));
}

/** A trigger on an earlier pass of its failpoint. */
export function earlierOccurrences(schedule: FaultSchedule, ref: EntryRef): FaultSchedule[] {
  if (ref.list !== 'triggers') return [];
  const entry = schedule.triggers[ref.index] as TriggeredFault;
  return toward(entry.occurrence, 1).map((occurrence) => replaceEntry(schedule, ref, { ...entry, occurrence }));
}

export function entryAt(schedule: FaultSchedule, ref: EntryRef): TimedFault | TriggeredFault {
  const entry = ref.list === 'faults' ? schedule.faults[ref.index] : schedule.triggers[ref.index];
  if (entry === undefined) throw new RangeError(`no ${ref.list}[${ref.index}] in the schedule`);
  return entry;
}

function replaceEntry(schedule: FaultSchedule, ref: EntryRef, entry: TimedFault | TriggeredFault): FaultSchedule {
  if (ref.list === 'faults') return { ...schedule, faults: schedule.faults.map((f, i) => (i === ref.index ? (entry as TimedFault) : f)) };
  return { ...schedule, triggers: schedule.triggers.map((t, i) => (i === ref.index ? (entry as TriggeredFault) : t)) };
}

/** What a step changed in one entry, for a progress line: `durationMs 507 → 253`. */
export function entryChange(before: TimedFault | TriggeredFault, after: TimedFault | TriggeredFault): string {
  const fields = (e: TimedFault | TriggeredFault): Record<string, unknown> => ({ ...('at' in e ? { at: e.at } : { occurrence: e.occurrence }), ...(e.fault as unknown as Record<string, unknown>) });
  const a = fields(before);
  const b = fields(after);
  const changed = Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  return changed.map((k) => `${k} ${JSON.stringify(a[k])} → ${JSON.stringify(b[k])}`).join(', ') || 'unchanged';
}
