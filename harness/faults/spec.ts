/**
 * The shape of each fault kind in one place: which fields it has, in which order (the order of schedule.json
 * and of trace records), which of them name targets. Validation, serialisation, resolution and the trace all
 * walk a fault through these tables, so a new kind is added here once.
 */
import type { FaultParams, FaultTraceTarget } from './trace-events.ts';
import type { FaultKind, FaultSpec, FaultTarget } from './types.ts';

export const FAULT_KINDS: readonly FaultKind[] = ['crash', 'pause', 'partition', 'partition-one-way', 'clock-skew', 'session-expiry', 'sync-failure', 'restart'];

/** Fields after `kind`, in their fixed order. */
export const KIND_FIELDS: Readonly<Record<FaultKind, readonly string[]>> = {
  crash: ['target', 'restartAfterMs'],
  pause: ['target', 'durationMs'],
  partition: ['groups', 'durationMs'],
  'partition-one-way': ['from', 'to', 'durationMs'],
  'clock-skew': ['target', 'skewMs'],
  'session-expiry': ['target'],
  'sync-failure': ['target', 'times'],
  restart: ['target'],
};

/** Fields holding targets: a single target, a list, or a list of lists. */
export const TARGET_FIELDS: ReadonlySet<string> = new Set(['target', 'groups', 'from', 'to']);

/** `role:<name>`: one process holding the role when the fault fires (drawn from the seed if several do). */
export const ROLE_PREFIX = 'role:';
/** `all:<name>`: every process holding the role when the fault fires; only in a list (partition groups, from, to). */
export const ALL_PREFIX = 'all:';
export const SELF = 'role:self';

export function isFaultKind(kind: unknown): kind is FaultKind {
  return typeof kind === 'string' && (FAULT_KINDS as readonly string[]).includes(kind);
}

export function isRole(target: FaultTarget): boolean {
  return target.startsWith(ROLE_PREFIX);
}

export function isAllOf(target: FaultTarget): boolean {
  return target.startsWith(ALL_PREFIX);
}

/** The role name of a `role:` or `all:` target (what FaultTargets.resolve takes). */
export function roleName(target: FaultTarget): string {
  return target.slice(isAllOf(target) ? ALL_PREFIX.length : ROLE_PREFIX.length);
}

/** A fresh copy with its keys in the fixed order (JSON output depends on key order). */
export function canonicalSpec(spec: FaultSpec): FaultSpec {
  return mapTargets(spec, (t) => t);
}

/** A copy with every target replaced by `f(target)`; lists are copied, never shared. */
export function mapTargets(spec: FaultSpec, f: (target: FaultTarget) => FaultTarget): FaultSpec {
  switch (spec.kind) {
    case 'crash':
      return { kind: 'crash', target: f(spec.target), restartAfterMs: spec.restartAfterMs };
    case 'pause':
      return { kind: 'pause', target: f(spec.target), durationMs: spec.durationMs };
    case 'partition':
      return { kind: 'partition', groups: spec.groups.map((g) => g.map(f)), durationMs: spec.durationMs };
    case 'partition-one-way':
      return { kind: 'partition-one-way', from: spec.from.map(f), to: spec.to.map(f), durationMs: spec.durationMs };
    case 'clock-skew':
      return { kind: 'clock-skew', target: f(spec.target), skewMs: spec.skewMs };
    case 'session-expiry':
      return { kind: 'session-expiry', target: f(spec.target) };
    case 'sync-failure':
      return { kind: 'sync-failure', target: f(spec.target), times: spec.times };
    case 'restart':
      return { kind: 'restart', target: f(spec.target) };
  }
}

/** Every target the fault names, in field order (with repeats). */
export function specTargets(spec: FaultSpec): FaultTarget[] {
  const out: FaultTarget[] = [];
  mapTargets(spec, (t) => {
    out.push(t);
    return t;
  });
  return out;
}

/**
 * The trace's `target` field: a process id, or `{groups}` / `{from, to}` for partitions. Start and end records
 * of one fault carry the same value, which is how the report pairs them.
 */
export function traceTarget(spec: FaultSpec): FaultTraceTarget {
  if (spec.kind === 'partition') return { groups: spec.groups };
  if (spec.kind === 'partition-one-way') return { from: spec.from, to: spec.to };
  return spec.target;
}

/** The fault's fields other than its kind and targets, in order (durations, skews, counts). */
export function specParams<S extends FaultSpec>(spec: S): FaultParams<S['kind']> {
  const out: Record<string, unknown> = {};
  const record = spec as unknown as Record<string, unknown>;
  for (const field of KIND_FIELDS[spec.kind]) if (!TARGET_FIELDS.has(field)) out[field] = record[field];
  // KIND_FIELDS lists each kind's fields, so `out` holds exactly FaultParams of the kind.
  return out as FaultParams<S['kind']>;
}
