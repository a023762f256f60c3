/**
 * Turning a fault as written (process ids, `role:` and `all:` names) into the fault as it fires (process ids
 * only).
 *
 * Each role is resolved once per firing, so a role named twice in one fault means one process. A `role:` that
 * resolves to no process skips the whole fault: a partition missing one of its sides is not the partition the
 * schedule asked for. An `all:` that resolves to none just adds nobody. After resolution a process can land on
 * both sides of a partition (a role and an explicit id, or an `all:`, that turn out to include the same
 * process); it stays where it is first named, which lets a profile write "isolate role:meta-rs from
 * [zookeeper, all:any-rs]" without knowing which server that is. A side left empty skips the fault.
 */
import type { ProcessId } from '../scheduler.ts';
import { isAllOf, isRole, mapTargets } from './spec.ts';
import type { FaultSpec, FaultTarget, ResolvedRoles } from './types.ts';

export type Resolution = { ok: true; fault: FaultSpec; roles: ResolvedRoles } | { ok: false; reason: string; roles: ResolvedRoles };

export interface RoleResolver {
  /** The one process a `role:` target stands for now, or undefined when it stands for none. */
  one(target: FaultTarget): ProcessId | undefined;
  /** Every process an `all:` target stands for now, in a deterministic order. */
  all(target: FaultTarget): ProcessId[];
}

export function resolveSpec(spec: FaultSpec, resolver: RoleResolver): Resolution {
  const roles: ResolvedRoles = {};
  let missing: FaultTarget | undefined;
  const one = (target: FaultTarget): ProcessId => {
    if (!isRole(target)) return target;
    const known = roles[target];
    if (typeof known === 'string') return known;
    if (missing !== undefined) return target;
    const id = resolver.one(target);
    if (id === undefined) {
      missing = target;
      return target;
    }
    roles[target] = id;
    return id;
  };
  const many = (target: FaultTarget): ProcessId[] => {
    if (!isAllOf(target)) return [one(target)];
    let ids = roles[target];
    if (!Array.isArray(ids)) roles[target] = ids = [...resolver.all(target)];
    return [...ids];
  };
  let resolved: FaultSpec;
  if (spec.kind === 'partition') {
    const groups = firstPlaceWins(spec.groups.map((g) => g.flatMap(many)));
    resolved = { ...spec, groups };
  } else if (spec.kind === 'partition-one-way') {
    const [from, to] = firstPlaceWins([spec.from.flatMap(many), spec.to.flatMap(many)]) as [ProcessId[], ProcessId[]];
    resolved = { ...spec, from, to };
  } else {
    resolved = mapTargets(spec, one);
  }
  if (missing !== undefined) return { ok: false, reason: `${missing} resolved to no process`, roles };
  if (resolved.kind === 'partition' && resolved.groups.some((g) => g.length === 0)) {
    return { ok: false, reason: 'a group is empty once roles are resolved (nobody holds its roles, or its processes are named in an earlier group)', roles };
  }
  if (resolved.kind === 'partition-one-way' && (resolved.from.length === 0 || resolved.to.length === 0)) {
    return { ok: false, reason: "'from' or 'to' is empty once roles are resolved (nobody holds its roles, or 'to' names only processes in 'from')", roles };
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
