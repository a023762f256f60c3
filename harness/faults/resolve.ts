/**
 * Turning a fault as written (process ids and `role:` names) into the fault as it fires (process ids only).
 *
 * Each role is resolved once per firing, so a role named twice in one fault means one process. A role that
 * resolves to no process skips the whole fault: a partition missing one of its sides is not the partition
 * the schedule asked for. After resolution a process can land on both sides of a partition (a role and an
 * explicit id that turn out to be the same process); it stays where it is first named, which lets a profile
 * write "isolate role:meta-rs from [everyone]" without knowing which server that is.
 */
import type { ProcessId } from '../scheduler.ts';
import { isRole, mapTargets } from './spec.ts';
import type { FaultSpec, FaultTarget, ResolvedRoles } from './types.ts';

export type Resolution = { ok: true; fault: FaultSpec; roles: ResolvedRoles } | { ok: false; reason: string; roles: ResolvedRoles };

/** `pick(role)` names the one process a role stands for now, or undefined when it stands for none. */
export function resolveSpec(spec: FaultSpec, pick: (role: FaultTarget) => ProcessId | undefined): Resolution {
  const roles: ResolvedRoles = {};
  let missing: FaultTarget | undefined;
  const resolved = mapTargets(spec, (target) => {
    if (!isRole(target)) return target;
    if (Object.hasOwn(roles, target)) return roles[target] as ProcessId;
    if (missing !== undefined) return target;
    const id = pick(target);
    if (id === undefined) {
      missing = target;
      return target;
    }
    roles[target] = id;
    return id;
  });
  if (missing !== undefined) return { ok: false, reason: `${missing} resolved to no process`, roles };
  if (resolved.kind === 'partition') {
    const groups = firstPlaceWins(resolved.groups);
    if (groups.some((g) => g.length === 0)) return { ok: false, reason: 'a group is empty once roles are resolved (its processes are named in another group)', roles };
    return { ok: true, fault: { ...resolved, groups }, roles };
  }
  if (resolved.kind === 'partition-one-way') {
    const [from, to] = firstPlaceWins([resolved.from, resolved.to]) as [ProcessId[], ProcessId[]];
    if (to.length === 0) return { ok: false, reason: "'to' is empty once roles are resolved (its processes are in 'from')", roles };
    return { ok: true, fault: { ...resolved, from, to }, roles };
  }
  return { ok: true, fault: resolved, roles };
}

/** Each process kept only in the first list that names it (and once there). */
function firstPlaceWins(lists: readonly ProcessId[][]): ProcessId[][] {
  const seen = new Set<ProcessId>();
  return lists.map((items) =>
    items.filter((id) => {
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    }),
  );
}
