/**
 * Reading a fault schedule from JSON (a `schedule.json` to replay, a hand-written file): every field checked,
 * and the first problem reported on one line that starts with the JSON path of the offending entry, e.g.
 * `faults[3].fault.target: unknown process 'rs-9' (known: master-1, rs-1, rs-2)`. The result is a fresh,
 * canonical schedule that shares nothing with the input.
 *
 * Times need not be sorted: faults due at the same time fire in the order they are listed.
 */
import { ALL_PREFIX, FAULT_KINDS, KIND_FIELDS, ROLE_PREFIX, SELF, isFaultKind } from './spec.ts';
import type { FaultSchedule, FaultSpec, FaultTarget, ResolvedRoles, TimedFault, TriggeredFault } from './types.ts';

export interface KnownTargets {
  /** Process ids a fault may name. */
  processes: readonly string[];
  /** Role names, without the `role:` prefix. */
  roles: readonly string[];
  /** The run's length in virtual ms: no fault, and no quiet phase, after it. */
  durationMs: number;
}

/** A schedule that cannot be used; `path` is the JSON path of the offending entry (empty for the document). */
export class ScheduleError extends Error {
  override name = 'ScheduleError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path === '' ? 'schedule' : path}: ${problem}`);
  }
}

export function parseSchedule(json: unknown, known: KnownTargets): FaultSchedule {
  return new Parser(known).schedule(json);
}

const MAX_LISTED = 12;

class Parser {
  readonly #processes: ReadonlySet<string>;
  readonly #roles: ReadonlySet<string>;

  constructor(private readonly known: KnownTargets) {
    this.#processes = new Set(known.processes);
    this.#roles = new Set(known.roles);
  }

  schedule(json: unknown): FaultSchedule {
    const root = record(json, '', ['version', 'quietAtMs', 'swarm', 'faults', 'triggers'], ['version', 'quietAtMs', 'faults', 'triggers']);
    if (root.version !== 1) throw new ScheduleError('version', `unsupported version ${show(root.version)} (expected 1)`);
    const quietAtMs = integer(root.quietAtMs, 'quietAtMs', 0);
    if (quietAtMs > this.known.durationMs) throw new ScheduleError('quietAtMs', `${quietAtMs} is past the end of the run (${this.known.durationMs})`);
    const faults = list(root.faults, 'faults').map((entry, i) => this.timed(entry, `faults[${i}]`, quietAtMs));
    const triggers = list(root.triggers, 'triggers').map((entry, i) => this.triggered(entry, `triggers[${i}]`));
    if (root.swarm === undefined) return { version: 1, quietAtMs, faults, triggers };
    const swarm = list(root.swarm, 'swarm').map((f, i) => {
      if (typeof f !== 'string' || f === '') throw new ScheduleError(`swarm[${i}]`, `expected a feature name, got ${show(f)}`);
      return f;
    });
    return { version: 1, quietAtMs, swarm, faults, triggers };
  }

  timed(json: unknown, path: string, quietAtMs: number): TimedFault {
    const entry = record(json, path, ['at', 'fault', 'roles'], ['at', 'fault']);
    const at = integer(entry.at, `${path}.at`, 0);
    if (at > this.known.durationMs) throw new ScheduleError(`${path}.at`, `${at} is past the end of the run (${this.known.durationMs})`);
    if (at >= quietAtMs) throw new ScheduleError(`${path}.at`, `${at} is in the quiet phase (from ${quietAtMs}), where no fault fires`);
    const out: TimedFault = { at, fault: this.spec(entry.fault, `${path}.fault`, false) };
    if (entry.roles !== undefined) out.roles = this.roles(entry.roles, `${path}.roles`, false);
    return out;
  }

  triggered(json: unknown, path: string): TriggeredFault {
    const entry = record(json, path, ['on', 'where', 'occurrence', 'fault', 'roles'], ['on', 'occurrence', 'fault']);
    if (typeof entry.on !== 'string' || entry.on === '') throw new ScheduleError(`${path}.on`, `expected a failpoint name, got ${show(entry.on)}`);
    let where: TriggeredFault['where'];
    if (entry.where !== undefined) {
      const o = record(entry.where, `${path}.where`, null, []);
      where = {};
      for (const key of Object.keys(o).sort()) {
        const value = o[key];
        const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
        if (!ok) throw new ScheduleError(field(`${path}.where`, key), `expected a string, number or boolean, got ${show(value)}`);
        where[key] = value;
      }
    }
    const occurrence = integer(entry.occurrence, `${path}.occurrence`, 1);
    const fault = this.spec(entry.fault, `${path}.fault`, true);
    const out: TriggeredFault = where === undefined ? { on: entry.on, occurrence, fault } : { on: entry.on, where, occurrence, fault };
    if (entry.roles !== undefined) out.roles = this.roles(entry.roles, `${path}.roles`, true);
    return out;
  }

  spec(json: unknown, path: string, inTrigger: boolean): FaultSpec {
    const probe = record(json, path, null, ['kind']);
    const kind = probe.kind;
    if (!isFaultKind(kind)) {
      const problem = typeof kind === 'string' ? `unknown fault kind ${quote(kind)}` : `expected a fault kind, got ${show(kind)}`;
      throw new ScheduleError(`${path}.kind`, `${problem} (known: ${FAULT_KINDS.join(', ')})`);
    }
    const fields = KIND_FIELDS[kind];
    const o = record(json, path, ['kind', ...fields], ['kind', ...fields]);
    const target = (v: unknown, p: string) => this.target(v, p, inTrigger);
    switch (kind) {
      case 'crash': {
        const restartAfterMs = o.restartAfterMs === null ? null : integer(o.restartAfterMs, `${path}.restartAfterMs`, 0, 'an integer ≥ 0 or null');
        return { kind, target: target(o.target, `${path}.target`), restartAfterMs };
      }
      case 'pause':
        return { kind, target: target(o.target, `${path}.target`), durationMs: integer(o.durationMs, `${path}.durationMs`, 0) };
      case 'partition': {
        const groups = list(o.groups, `${path}.groups`).map((g, i) => this.targets(g, `${path}.groups[${i}]`, inTrigger));
        if (groups.length < 2) throw new ScheduleError(`${path}.groups`, `a partition needs at least 2 groups, got ${groups.length}`);
        noRepeats(groups, `${path}.groups`);
        return { kind, groups, durationMs: integer(o.durationMs, `${path}.durationMs`, 0) };
      }
      case 'partition-one-way': {
        const from = this.targets(o.from, `${path}.from`, inTrigger);
        const to = this.targets(o.to, `${path}.to`, inTrigger);
        noRepeats([from, to], path, ['from', 'to']);
        return { kind, from, to, durationMs: integer(o.durationMs, `${path}.durationMs`, 0) };
      }
      case 'clock-skew':
        return { kind, target: target(o.target, `${path}.target`), skewMs: integer(o.skewMs, `${path}.skewMs`, -Number.MAX_SAFE_INTEGER, 'an integer') };
      case 'session-expiry':
        return { kind, target: target(o.target, `${path}.target`) };
      case 'sync-failure': {
        const times = o.times === 'until-roll' ? 'until-roll' : integer(o.times, `${path}.times`, 1, "an integer ≥ 1 or 'until-roll'");
        return { kind, target: target(o.target, `${path}.target`), times };
      }
      case 'restart':
        return { kind, target: target(o.target, `${path}.target`) };
    }
  }

  targets(json: unknown, path: string, inTrigger: boolean): FaultTarget[] {
    const items = list(json, path);
    if (items.length === 0) throw new ScheduleError(path, 'expected at least one target, got an empty list');
    return items.map((t, i) => this.target(t, `${path}[${i}]`, inTrigger, true));
  }

  /** `inList`: the target is one of a list (partition groups, from, to), where `all:<role>` may stand. */
  target(json: unknown, path: string, inTrigger: boolean, inList = false): FaultTarget {
    if (typeof json !== 'string') throw new ScheduleError(path, `expected a process id or 'role:<name>', got ${show(json)}`);
    if (json.startsWith(ALL_PREFIX)) {
      const name = json.slice(ALL_PREFIX.length);
      if (!inList) throw new ScheduleError(path, `${quote(json)} stands for every holder of a role, and this fault takes one process (use 'role:${name}')`);
      if (!this.#roles.has(name)) throw new ScheduleError(path, `unknown role ${quote(json)} (known: ${listed(this.known.roles.map((r) => ALL_PREFIX + r))})`);
      return json;
    }
    if (json === SELF) {
      if (!inTrigger) throw new ScheduleError(path, `'${SELF}' is only meaningful in a trigger (the process that reached the failpoint)`);
      return json;
    }
    if (json.startsWith(ROLE_PREFIX)) {
      if (!this.#roles.has(json.slice(ROLE_PREFIX.length))) {
        const roles = this.known.roles.map((r) => ROLE_PREFIX + r);
        throw new ScheduleError(path, `unknown role ${quote(json)} (known: ${listed(inTrigger ? [...roles, SELF] : roles)})`);
      }
      return json;
    }
    if (!this.#processes.has(json)) throw new ScheduleError(path, `unknown process ${quote(json)} (known: ${listed(this.known.processes)})`);
    return json;
  }

  roles(json: unknown, path: string, inTrigger: boolean): ResolvedRoles {
    const o = record(json, path, null, []);
    const out: ResolvedRoles = {};
    for (const role of Object.keys(o).sort()) {
      const p = field(path, role);
      const value = o[role];
      if (role.startsWith(ALL_PREFIX)) {
        this.target(role, p, inTrigger, true);
        out[role] = list(value, p).map((id, i) => this.process(id, `${p}[${i}]`));
      } else if (role.startsWith(ROLE_PREFIX)) {
        this.target(role, p, inTrigger);
        out[role] = this.process(value, p);
      } else throw new ScheduleError(p, `expected a key 'role:<name>' or 'all:<name>'`);
    }
    return out;
  }

  /** A process a role resolved to: a known id, not another role. */
  process(json: unknown, path: string): string {
    if (typeof json !== 'string' || json.startsWith(ROLE_PREFIX) || json.startsWith(ALL_PREFIX)) throw new ScheduleError(path, `expected the process id the role resolved to, got ${show(json)}`);
    return this.target(json, path, false);
  }
}

/** An object with no fields beyond `allowed` (null: any) and every field in `required`. */
function record(json: unknown, path: string, allowed: readonly string[] | null, required: readonly string[]): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ScheduleError(path, `expected an object, got ${show(json)}`);
  const o = json as Record<string, unknown>;
  if (allowed !== null) {
    for (const key of Object.keys(o)) {
      if (!allowed.includes(key)) throw new ScheduleError(field(path, key), `unknown field (expected ${allowed.join(', ')})`);
    }
  }
  for (const key of required) if (o[key] === undefined) throw new ScheduleError(field(path, key), 'missing');
  return o;
}

function list(json: unknown, path: string): unknown[] {
  if (!Array.isArray(json)) throw new ScheduleError(path, `expected an array, got ${show(json)}`);
  return json;
}

function integer(json: unknown, path: string, min: number, expected = `an integer ≥ ${min}`): number {
  if (typeof json !== 'number' || !Number.isSafeInteger(json) || json < min) throw new ScheduleError(path, `expected ${expected}, got ${show(json)}`);
  return json;
}

/** A target may appear once across the lists (a process on both sides of a partition is a contradiction). */
function noRepeats(lists: readonly FaultTarget[][], path: string, names?: readonly string[]): void {
  const seen = new Map<FaultTarget, string>();
  lists.forEach((items, i) => {
    const name = names?.[i] ?? `[${i}]`;
    items.forEach((t, j) => {
      const at = `${names === undefined ? path : `${path}.`}${name}[${j}]`;
      const first = seen.get(t);
      if (first !== undefined) throw new ScheduleError(at, `${quote(t)} is already named at ${first}`);
      seen.set(t, at);
    });
  });
}

function field(path: string, key: string): string {
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (path === '') return name.startsWith('[') ? `schedule${name}` : name;
  return name.startsWith('[') ? `${path}${name}` : `${path}.${name}`;
}

function listed(items: readonly string[]): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown}, … ${items.length - MAX_LISTED} more` : shown;
}

/** A name for an error message: 'rs-9', or JSON-quoted when it holds anything unprintable or is long. */
function quote(name: string): string {
  return /^[\x20-\x26\x28-\x7e]{1,60}$/.test(name) ? `'${name}'` : show(name);
}

/** A value for an error message: short and on one line whatever it holds. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
