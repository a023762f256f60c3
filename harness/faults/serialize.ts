/**
 * schedule.json text: 2-space JSON with a fixed key order (version, quietAtMs, swarm when drawn by a swarm profile, faults, triggers; each fault's
 * kind first, then its fields in KIND_FIELDS order; `where` and `roles` keys sorted), so that equal schedules
 * are equal files and a schedule survives a parse/serialise round trip unchanged.
 */
import { canonicalSpec } from './spec.ts';
import type { FaultSchedule, ResolvedRoles, TimedFault, TriggeredFault } from './types.ts';

export function serializeSchedule(schedule: FaultSchedule): string {
  return `${JSON.stringify(canonicalSchedule(schedule), null, 2)}\n`;
}

/** A deep copy with every key in its fixed order. */
export function canonicalSchedule(schedule: FaultSchedule): FaultSchedule {
  return {
    version: schedule.version,
    quietAtMs: schedule.quietAtMs,
    ...(schedule.swarm === undefined ? {} : { swarm: [...schedule.swarm] }),
    faults: schedule.faults.map(canonicalTimed),
    triggers: schedule.triggers.map(canonicalTriggered),
  };
}

export function canonicalTimed(entry: TimedFault): TimedFault {
  const out: TimedFault = { at: entry.at, fault: canonicalSpec(entry.fault) };
  if (entry.roles !== undefined) out.roles = copyRoles(entry.roles);
  return out;
}

export function canonicalTriggered(entry: TriggeredFault): TriggeredFault {
  const { on, occurrence } = entry;
  const fault = canonicalSpec(entry.fault);
  const out: TriggeredFault = entry.where === undefined ? { on, occurrence, fault } : { on, where: sortedKeys(entry.where), occurrence, fault };
  if (entry.roles !== undefined) out.roles = copyRoles(entry.roles);
  return out;
}

function copyRoles(roles: ResolvedRoles): ResolvedRoles {
  const out = sortedKeys(roles);
  for (const key of Object.keys(out)) {
    const ids = out[key];
    if (Array.isArray(ids)) out[key] = [...ids];
  }
  return out;
}

/** A copy with its keys sorted: role and `where` maps are written in this order everywhere. */
export function sortedKeys<V>(o: Readonly<Record<string, V>>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const key of Object.keys(o).sort()) out[key] = o[key] as V;
  return out;
}
