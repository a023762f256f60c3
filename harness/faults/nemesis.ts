/**
 * The Nemesis: carries out a fault schedule on a running simulation.
 *
 * Timed faults are harness-level events (no crash can drop them); triggered faults fire inside the system's own
 * handler, synchronously, when it passes the named failpoint for the n-th time with matching detail — so a crash
 * lands before the code after the failpoint runs (its sends are dropped by the network, its timers by the
 * scheduler, and the system unwinds the rest of the handler with ProcessTerminated). A pause at a failpoint takes
 * hold when the current handler returns: a handler cannot be frozen half-way.
 *
 * Roles are resolved when a fault fires (`role:x`: one process, drawn from the seeded stream `faults` when several
 * hold the role; `all:x`: every holder), and every fault is recorded as it actually fired: `resolvedSchedule()` is the schedule
 * with each fired fault's roles replaced by the processes they hit (see resolve.ts and README.md), which replays
 * the run with no role resolution and no randomness.
 *
 * Faults compose: overlapping partitions each heal only what they cut; overlapping pauses keep the process
 * paused until the last ends; a later skew of the same process replaces the earlier. A fault that cannot apply
 * (crash of a process that is down, pause or session expiry of a dead one, restart of a live one, a role held
 * by nobody) is traced as `fault.skipped` with its reason. At `quietAtMs` the quiet phase ends every fault and
 * brings every process back; nothing fires after it.
 */
import type { PartitionHandle } from '../network.ts';
import type { ProcessContext, ProcessId, Timer } from '../scheduler.ts';
import type { Simulation } from '../simulation.ts';
import type { TraceFields, Tracer } from '../trace.ts';
import { resolveSpec } from './resolve.ts';
import { canonicalSchedule, sortedKeys } from './serialize.ts';
import { roleName, SELF, specParams, traceTarget } from './spec.ts';
import type { FaultEvent, FaultTraceTarget, FiringFields } from './trace-events.ts';
import type { FaultKind, FaultSchedule, FaultSpec, FaultTargets, FaultTarget, TimedFault, TriggeredFault } from './types.ts';
import { parseSchedule } from './validate.ts';

interface ArmedTrigger {
  readonly index: number;
  readonly entry: TriggeredFault;
  passes: number;
}

/** A fault in force: what ends it, and the record its end event repeats. */
interface ActiveFault {
  readonly entry: string;
  readonly kind: FaultKind;
  readonly target: FaultTraceTarget;
  readonly process: ProcessId | null;
  timer: Timer | null;
  readonly undo: () => void;
}

export class Nemesis {
  readonly #sim: Simulation;
  readonly #trace: Tracer<FaultEvent>;
  readonly #targets: FaultTargets;
  readonly #schedule: FaultSchedule;
  #state: 'idle' | 'armed' | 'quiet' = 'idle';
  /** Failpoint name → triggers still waiting on it. Empty once the quiet phase begins: a failpoint is a miss. */
  readonly #triggers = new Map<string, ArmedTrigger[]>();
  #pending: Timer[] = [];
  /** Faults in force by entry path, in the order they fired (the quiet phase ends them in that order). */
  readonly #active = new Map<string, ActiveFault>();
  /** Process → the crash that holds it down (a `restart` fault ends that crash). */
  readonly #crashes = new Map<ProcessId, string>();
  /** Process → the skew in force on its clock (a later skew replaces it). */
  readonly #skews = new Map<ProcessId, string>();
  /** Process → pause faults in force on it: it resumes when the last one ends. */
  readonly #pauses = new Map<ProcessId, number>();
  readonly #firedFaults: (TimedFault | undefined)[];
  readonly #firedTriggers: (TriggeredFault | undefined)[];

  constructor(sim: Simulation, targets: FaultTargets, schedule: FaultSchedule) {
    this.#sim = sim;
    this.#trace = sim.trace.tracer<FaultEvent>();
    this.#targets = targets;
    // The schedule is checked against what the system really has; the copy is ours, so later edits by the
    // caller change nothing.
    const known = { processes: targets.processes(), roles: targets.roles(), durationMs: Number.MAX_SAFE_INTEGER };
    for (const id of known.processes) if (!sim.scheduler.has(id)) throw new Error(`FaultTargets names process '${id}', which the scheduler does not know`);
    this.#schedule = parseSchedule(schedule, known);
    this.#firedFaults = this.#schedule.faults.map(() => undefined);
    this.#firedTriggers = this.#schedule.triggers.map(() => undefined);
  }

  /** True from the start of the quiet phase. */
  get quiet(): boolean {
    return this.#state === 'quiet';
  }

  /** Schedule the timed faults and the quiet phase, and start counting failpoint passes. Once. */
  arm(): void {
    if (this.#state !== 'idle') throw new Error('Nemesis.arm: already armed');
    const scheduler = this.#sim.scheduler;
    const { faults, triggers, quietAtMs } = this.#schedule;
    if (quietAtMs < scheduler.now) throw new Error(`quietAtMs: ${quietAtMs} is already past (now ${scheduler.now})`);
    faults.forEach((f, i) => {
      if (f.at < scheduler.now) throw new Error(`faults[${i}].at: ${f.at} is already past (now ${scheduler.now})`);
    });
    this.#state = 'armed';
    triggers.forEach((entry, index) => {
      const list = this.#triggers.get(entry.on) ?? [];
      list.push({ index, entry, passes: 0 });
      this.#triggers.set(entry.on, list);
    });
    faults.forEach((f, i) => {
      const record = (fired: TimedFault) => (this.#firedFaults[i] = fired);
      this.#pending.push(scheduler.at(f.at, () => this.#fire(`faults[${i}]`, f, record, null, undefined)));
    });
    this.#pending.push(scheduler.at(quietAtMs, () => this.#enterQuiet()));
  }

  /**
   * What the system calls at each failpoint. A name nothing waits on costs one Map lookup. Passes of a process
   * that is no longer current (it was killed earlier in this handler) do not count.
   */
  readonly failpoint = (ctx: ProcessContext, name: string, detail: Record<string, unknown>): void => {
    const waiting = this.#triggers.get(name);
    if (waiting === undefined || !ctx.isCurrent()) return;
    const due: ArmedTrigger[] = [];
    for (const t of waiting) if (matches(t.entry.where, detail) && ++t.passes === t.entry.occurrence) due.push(t);
    if (due.length === 0) return;
    const left = waiting.filter((t) => !due.includes(t));
    if (left.length === 0) this.#triggers.delete(name);
    else this.#triggers.set(name, left);
    // Fired after the bookkeeping: a fault (a restart booting a process) may pass failpoints itself.
    for (const t of due) {
      const record = (fired: TriggeredFault) => (this.#firedTriggers[t.index] = fired);
      this.#fire(`triggers[${t.index}]`, t.entry, record, ctx.id, name);
    }
  };

  /**
   * The schedule as it ran: each fault that fired has its roles replaced by the processes they resolved to
   * (and `roles` recording that); a triggered fault stays a trigger (a replay must strike at the same point,
   * not merely the same time). Faults that never fired, or found their role empty, are kept as written — the
   * same run reaches the same outcome for them.
   */
  resolvedSchedule(): FaultSchedule {
    const { version, quietAtMs, swarm, faults, triggers } = this.#schedule;
    return canonicalSchedule({
      version,
      quietAtMs,
      ...(swarm === undefined ? {} : { swarm }),
      faults: faults.map((f, i) => this.#firedFaults[i] ?? f),
      triggers: triggers.map((t, i) => this.#firedTriggers[i] ?? t),
    });
  }

  // ---- firing --------------------------------------------------------------------------------------------

  #fire<E extends TimedFault | TriggeredFault>(entry: string, scheduled: E, record: (fired: E) => void, self: ProcessId | null, trigger: string | undefined): void {
    if (this.#state !== 'armed') return;
    const resolution = resolveSpec(scheduled.fault, {
      one: (role) => (role === SELF ? (self ?? undefined) : this.#pick(role)),
      all: (role) => this.#holders(role),
    });
    if (!resolution.ok) {
      // No roles here: the ones resolved before the empty one are of no use, and a replay (which resolves this
      // entry again, with the role stream in another state) might pick differently.
      const fields: TraceFields<FaultEvent, 'fault.skipped'> = { entry, kind: scheduled.fault.kind, target: traceTarget(scheduled.fault), reason: resolution.reason };
      if (trigger !== undefined) fields.trigger = trigger;
      this.#trace.emit('fault.skipped', fields);
      return;
    }
    // A replayed (already resolved) fault echoes the roles recorded with it, so its trace matches the original.
    const roles = Object.keys(resolution.roles).length > 0 ? sortedKeys(resolution.roles) : scheduled.roles;
    const extra: FiringFields = {};
    if (roles !== undefined) extra.roles = roles;
    if (trigger !== undefined) extra.trigger = trigger;
    const fired: E = { ...scheduled, fault: resolution.fault };
    if (roles !== undefined) fired.roles = roles;
    record(fired);
    this.#apply(entry, resolution.fault, extra);
  }

  #pick(role: FaultTarget): ProcessId | undefined {
    const ids = this.#holders(role);
    // No draw when there is no choice: the stream is consumed only by real choices.
    if (ids.length <= 1) return ids[0];
    return this.#sim.scheduler.random('faults').pick(ids);
  }

  /** A role's holders, sorted: the choice must not depend on the order the system lists them in. */
  #holders(role: FaultTarget): ProcessId[] {
    const ids = [...this.#targets.resolve(roleName(role))].sort();
    for (const id of ids) if (!this.#sim.scheduler.has(id)) throw new Error(`FaultTargets.resolve('${roleName(role)}') returned '${id}', which the scheduler does not know`);
    return ids;
  }

  #apply(entry: string, fault: FaultSpec, extra: FiringFields): void {
    const { scheduler, network } = this.#sim;
    const trace = this.#trace;
    const target = traceTarget(fault);
    const start = () => trace.emit(`fault.${fault.kind}`, { entry, target, ...specParams(fault), ...extra });
    const skip = (reason: string) => trace.emit('fault.skipped', { entry, kind: fault.kind, target, reason, ...extra });
    const down = (id: ProcessId) => scheduler.info(id).status === 'crashed';
    switch (fault.kind) {
      case 'crash': {
        const id = fault.target;
        if (down(id)) return skip('already down');
        start();
        scheduler.crash(id);
        this.#crashes.set(id, entry);
        this.#open({ entry, kind: fault.kind, target, process: id, timer: null, undo: () => this.#restart(id) }, fault.restartAfterMs);
        return;
      }
      case 'pause': {
        const id = fault.target;
        if (down(id)) return skip('down');
        start();
        this.#pauses.set(id, (this.#pauses.get(id) ?? 0) + 1);
        scheduler.pause(id);
        this.#open({ entry, kind: fault.kind, target, process: id, timer: null, undo: () => this.#unpause(id) }, fault.durationMs);
        return;
      }
      case 'partition':
      case 'partition-one-way': {
        start();
        const handle: PartitionHandle = fault.kind === 'partition' ? network.partition(fault.groups) : network.blockOneWay(fault.from, fault.to);
        this.#open({ entry, kind: fault.kind, target, process: null, timer: null, undo: () => handle.heal() }, fault.durationMs);
        return;
      }
      case 'clock-skew': {
        const id = fault.target;
        const previous = this.#skews.get(id);
        if (previous !== undefined) this.#end(previous, { by: entry, undo: false });
        start();
        scheduler.setSkew(id, fault.skewMs);
        this.#skews.set(id, entry);
        this.#open({ entry, kind: fault.kind, target, process: id, timer: null, undo: () => scheduler.setSkew(id, 0) }, null);
        return;
      }
      case 'session-expiry': {
        if (down(fault.target)) return skip('down');
        start();
        if (!this.#targets.expireSession(fault.target)) skip('no session');
        return;
      }
      case 'sync-failure':
        start();
        this.#targets.failSyncs(fault.target, fault.times);
        return;
      case 'restart': {
        const id = fault.target;
        if (!down(id)) return skip('not down');
        start();
        const crash = this.#crashes.get(id);
        if (crash !== undefined) this.#end(crash, { by: entry, undo: false });
        this.#targets.restart(id);
        return;
      }
    }
  }

  /** Record a fault in force; it ends by itself after `durationMs`, or lasts until something ends it (null). */
  #open(active: ActiveFault, durationMs: number | null): void {
    if (this.#active.has(active.entry)) throw new Error(`${active.entry} fired twice`);
    this.#active.set(active.entry, active);
    if (durationMs !== null) active.timer = this.#sim.scheduler.after(durationMs, () => this.#end(active.entry, { undo: true }));
  }

  #end(entry: string, how: { undo: boolean; quiet?: true; by?: string }): void {
    const active = this.#active.get(entry);
    if (active === undefined) return;
    this.#active.delete(entry);
    active.timer?.cancel();
    if (active.process !== null) {
      if (this.#crashes.get(active.process) === entry) this.#crashes.delete(active.process);
      if (this.#skews.get(active.process) === entry) this.#skews.delete(active.process);
    }
    const fields: TraceFields<FaultEvent, `fault.${FaultKind}.end`> = { entry, target: active.target };
    if (how.quiet) fields.quiet = true;
    if (how.by !== undefined) fields.by = how.by;
    this.#trace.emit(`fault.${active.kind}.end`, fields);
    if (how.undo) active.undo();
  }

  #restart(id: ProcessId): void {
    if (this.#sim.scheduler.info(id).status === 'crashed') this.#targets.restart(id);
  }

  #unpause(id: ProcessId): void {
    const left = (this.#pauses.get(id) ?? 0) - 1;
    if (left > 0) return void this.#pauses.set(id, left);
    this.#pauses.delete(id);
    this.#sim.scheduler.resume(id);
  }

  // ---- the quiet phase -----------------------------------------------------------------------------------

  /**
   * Faults stop; every fault in force ends (its end record says `quiet: true`); then, whatever caused it, every
   * partition heals, every paused process resumes, every clock is true again and disk syncs succeed; last, every
   * dead process restarts — after the network is whole, so its boot is not lost to a partition.
   */
  #enterQuiet(): void {
    if (this.#state === 'quiet') return;
    this.#state = 'quiet';
    for (const timer of this.#pending) timer.cancel();
    this.#pending = [];
    this.#triggers.clear();
    const { scheduler, network } = this.#sim;
    this.#trace.emit('fault.quiet', {});
    const active = [...this.#active.values()];
    for (const a of active) if (a.kind !== 'crash') this.#end(a.entry, { undo: true, quiet: true });
    network.heal();
    const processes = this.#targets.processes();
    for (const id of processes) {
      if (scheduler.info(id).status === 'paused') scheduler.resume(id);
      if (scheduler.info(id).skewMs !== 0) scheduler.setSkew(id, 0);
    }
    this.#pauses.clear();
    this.#targets.clearSyncFailures();
    for (const a of active) if (a.kind === 'crash') this.#end(a.entry, { undo: true, quiet: true });
    for (const id of processes) this.#restart(id);
  }
}

function matches(where: TriggeredFault['where'], detail: Record<string, unknown>): boolean {
  if (where === undefined) return true;
  for (const key of Object.keys(where)) if (detail[key] !== where[key]) return false;
  return true;
}
