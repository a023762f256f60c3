/**
 * The deterministic scheduler: virtual time in integer milliseconds, one event queue, synchronous handlers.
 *
 * Simulated processes live here as ids with incarnations. An event addressed to a process carries the
 * incarnation it was meant for; a crash bumps the incarnation, so everything the old incarnation had queued
 * (timers, messages in flight to it) is dropped when it comes up. A paused process keeps its events in a
 * backlog and handles them, late, when it resumes.
 */
import { EventQueue, type QueuedEvent } from './event-queue.ts';
import { FixedDelayLane } from './fixed-delay-lane.ts';
import { Seeds, type RandomStream } from './random.ts';

export type ProcessId = string;

/**
 * Thrown by a process's own code when it finds it was killed in the middle of a handler (a fault fired at a
 * failpoint): it unwinds the rest of the handler, so nothing after the failpoint runs. The scheduler swallows
 * exactly this exception; any other one is a bug and stops the run.
 */
export class ProcessTerminated extends Error {
  override name = 'ProcessTerminated';
  constructor(readonly process: ProcessId) {
    super(`${process} was terminated in the middle of a handler`);
  }
}
export type ProcessStatus = 'running' | 'paused' | 'crashed';

type Handler = (arg: unknown) => void;
const noop: Handler = () => {};

/** A handle to a scheduled event. Cancelling is O(1): the event is skipped when it comes up. */
export interface Timer {
  readonly time: number;
  cancel(): void;
}

/** The event is its own timer handle: one allocation per event keeps the loop fast. */
class ScheduledEvent implements QueuedEvent, Timer {
  cancelled = false;
  constructor(
    public time: number,
    public seq: number,
    /** null for harness-level events (fault injection, run control), which no crash can drop. */
    readonly target: SimProcess | null,
    readonly incarnation: number,
    public handler: Handler,
    public arg: unknown,
  ) {}
  /**
   * A cancelled event waits in the queue until its time comes (an RPC's timeout, mostly): it lets go of its
   * handler and argument at once, so what they hold (callbacks, requests) is garbage while still young.
   */
  cancel(): void {
    this.cancelled = true;
    this.handler = noop;
    this.arg = undefined;
  }
}

/**
 * What a process incarnation sees of the world. It is handed to the process's boot function and stays bound
 * to that incarnation: once the process crashes, timers set through an old context never fire.
 */
export interface ProcessContext {
  readonly id: ProcessId;
  readonly incarnation: number;
  /** The process's own clock: virtual time plus its skew. Use it for anything the process *believes*. */
  now(): number;
  /** Fires after `delayMs` of virtual time, if this incarnation is still alive (late, if paused meanwhile). */
  setTimer(delayMs: number, handler: () => void): Timer;
  /** True while this context's incarnation is the current one and has not crashed. */
  isCurrent(): boolean;
  /** A named random stream private to this process (shared by its incarnations, so restarts stay seeded). */
  random(name: string): RandomStream;
  /** The process ends itself (an abort, System.exit): like a crash, but of its own doing. No-op if not current. */
  exit(): void;
}

export type BootFunction = (ctx: ProcessContext) => void;

export interface ProcessInfo {
  readonly id: ProcessId;
  readonly incarnation: number;
  readonly status: ProcessStatus;
  readonly skewMs: number;
}

export type LifecycleKind = 'spawn' | 'crash' | 'exit' | 'restart' | 'pause' | 'resume';

export interface LifecycleListener {
  (event: { kind: LifecycleKind; id: ProcessId; incarnation: number; time: number }): void;
}

class SimProcess implements ProcessInfo {
  incarnation = 0;
  status: ProcessStatus = 'running';
  skewMs = 0;
  backlog: ScheduledEvent[] = [];
  context: ProcessContext | null = null;
  constructor(
    readonly id: ProcessId,
    readonly boot: BootFunction,
  ) {}
}

export class Scheduler {
  readonly seeds: Seeds;
  #now = 0;
  #seq = 0;
  #handled = 0;
  readonly #queue = new EventQueue<ScheduledEvent>();
  /** Lanes of fixed-delay events by delay (see FixedDelayLane), and the same lanes as a list for the loop. */
  readonly #lanesByDelay = new Map<number, FixedDelayLane<ScheduledEvent>>();
  readonly #lanes: FixedDelayLane<ScheduledEvent>[] = [];
  readonly #processes = new Map<ProcessId, SimProcess>();
  readonly #listeners: LifecycleListener[] = [];
  #stopped = false;

  constructor(seed: number) {
    this.seeds = new Seeds(seed);
  }

  /** Virtual time, in ms since the start of the run. */
  get now(): number {
    return this.#now;
  }

  /** Events handled so far (dropped and cancelled ones are not counted). */
  get eventsHandled(): number {
    return this.#handled;
  }

  get pendingEvents(): number {
    let size = this.#queue.size;
    for (const lane of this.#lanes) size += lane.size;
    return size;
  }

  random(name: string): RandomStream {
    return this.seeds.stream(name);
  }

  // ---- harness-level events ------------------------------------------------------------------------------

  /** Run `handler` after `delayMs` regardless of any process's fate. */
  after(delayMs: number, handler: () => void): Timer {
    return this.#schedule(this.#now + checkDelay(delayMs), null, 0, handler as Handler, undefined);
  }

  at(time: number, handler: () => void): Timer {
    if (!Number.isInteger(time) || time < this.#now) throw new RangeError(`Scheduler.at: time ${time} is in the past or not an integer`);
    return this.#schedule(time, null, 0, handler as Handler, undefined);
  }

  /**
   * Deliver an event to a process incarnation: it is dropped if that incarnation has crashed by then, and held
   * back while the process is paused. The network uses this for messages.
   */
  deliver<A>(id: ProcessId, incarnation: number, delayMs: number, handler: (arg: A) => void, arg: A): Timer {
    const process = this.#process(id);
    return this.#schedule(this.#now + checkDelay(delayMs), process, incarnation, handler as Handler, arg);
  }

  /** deliver() to a process the caller already holds (from info()): the network keeps its links' ends. */
  deliverTo<A>(process: ProcessInfo, incarnation: number, delayMs: number, handler: (arg: A) => void, arg: A): Timer {
    if (!(process instanceof SimProcess)) throw new Error(`deliverTo: ${process.id} is not a process handle from info()`);
    return this.#schedule(this.#now + checkDelay(delayMs), process, incarnation, handler as Handler, arg);
  }

  /**
   * deliverTo() for events that are mostly cancelled before they are due, all with this one delay (an RPC's timeout):
   * the same event, due at the same time and in the same place in the run's order, kept in a lane of its delay.
   */
  deliverAfterFixedDelay<A>(process: ProcessInfo, incarnation: number, delayMs: number, handler: (arg: A) => void, arg: A): Timer {
    if (!(process instanceof SimProcess)) throw new Error(`deliverAfterFixedDelay: ${process.id} is not a process handle from info()`);
    let lane = this.#lanesByDelay.get(delayMs);
    if (lane === undefined) {
      checkDelay(delayMs);
      lane = new FixedDelayLane();
      this.#lanesByDelay.set(delayMs, lane);
      this.#lanes.push(lane);
    }
    const event = new ScheduledEvent(this.#now + delayMs, this.#seq++, process, incarnation, handler as Handler, arg);
    lane.add(event);
    return event;
  }

  // ---- processes -----------------------------------------------------------------------------------------

  spawn(id: ProcessId, boot: BootFunction): ProcessContext {
    if (this.#processes.has(id)) throw new Error(`process ${id} already exists`);
    const process = new SimProcess(id, boot);
    this.#processes.set(id, process);
    this.#emit('spawn', process);
    return this.#boot(process);
  }

  has(id: ProcessId): boolean {
    return this.#processes.has(id);
  }

  info(id: ProcessId): ProcessInfo {
    return this.#process(id);
  }

  processes(): ProcessInfo[] {
    return [...this.#processes.values()];
  }

  /** The live context of a process, or null while it is crashed. */
  contextOf(id: ProcessId): ProcessContext | null {
    const p = this.#process(id);
    return p.status === 'crashed' ? null : p.context;
  }

  isCurrent(id: ProcessId, incarnation: number): boolean {
    const p = this.#processes.get(id);
    return p !== undefined && p.incarnation === incarnation && p.status !== 'crashed';
  }

  /** Kill the process: volatile state gone, queued events of this incarnation dropped. */
  crash(id: ProcessId): void {
    const p = this.#process(id);
    if (p.status !== 'crashed') this.#terminate(p, 'crash');
  }

  /** Boot a new incarnation from durable state only (whatever the boot function reads from disk/ZooKeeper). */
  restart(id: ProcessId): ProcessContext {
    const p = this.#process(id);
    if (p.status !== 'crashed') throw new Error(`cannot restart ${id}: it is ${p.status}`);
    p.status = 'running';
    this.#emit('restart', p);
    return this.#boot(p);
  }

  pause(id: ProcessId): void {
    const p = this.#process(id);
    if (p.status !== 'running') return;
    p.status = 'paused';
    this.#emit('pause', p);
  }

  /** Resume a paused process: its backlog runs now, in the order it arrived, before anything scheduled later. */
  resume(id: ProcessId): void {
    const p = this.#process(id);
    if (p.status !== 'paused') return;
    p.status = 'running';
    const backlog = p.backlog;
    p.backlog = [];
    for (const event of backlog) {
      event.time = this.#now;
      event.seq = this.#seq++;
      this.#queue.push(event);
    }
    this.#emit('resume', p);
  }

  setSkew(id: ProcessId, skewMs: number): void {
    if (!Number.isInteger(skewMs)) throw new RangeError(`clock skew must be an integer number of ms, got ${skewMs}`);
    this.#process(id).skewMs = skewMs;
  }

  onLifecycle(listener: LifecycleListener): void {
    this.#listeners.push(listener);
  }

  // ---- the loop ------------------------------------------------------------------------------------------

  /**
   * Handle the next event due at or before `until`. Returns false when there is none. The bound is checked
   * before each pop: skipping a cancelled or dropped event must not run a later one past `until`.
   */
  step(until = Infinity): boolean {
    for (;;) {
      const event = this.#lanes.length === 0 ? this.#queue.popDue(until) : this.#popDueWithLanes(until);
      if (event === undefined) return false;
      if (event.cancelled) continue;
      this.#now = event.time;
      const target = event.target;
      if (target !== null) {
        if (target.incarnation !== event.incarnation || target.status === 'crashed') continue;
        if (target.status === 'paused') {
          target.backlog.push(event);
          continue;
        }
      }
      this.#handled++;
      try {
        event.handler(event.arg);
      } catch (error) {
        if (!(error instanceof ProcessTerminated)) throw error;
      }
      return true;
    }
  }

  /** Run until virtual time would pass `until` (events at exactly `until` run), the queue empties, or stop(). */
  runUntil(until: number): void {
    this.#stopped = false;
    for (;;) {
      if (this.#stopped) return;
      if (!this.step(until)) break;
    }
    if (this.#now < until) this.#now = until;
  }

  /** Ask the loop to return after the current event. */
  stop(): void {
    this.#stopped = true;
  }

  // ---- internals -----------------------------------------------------------------------------------------

  /** The next event due at or before `until`, in (time, seq) order over the queue and every lane's head. */
  #popDueWithLanes(until: number): ScheduledEvent | undefined {
    let next = this.#queue.peek();
    let from: FixedDelayLane<ScheduledEvent> | null = null;
    for (const lane of this.#lanes) {
      const head = lane.peek();
      if (head !== undefined && (next === undefined || head.time < next.time || (head.time === next.time && head.seq < next.seq))) {
        next = head;
        from = lane;
      }
    }
    if (next === undefined || next.time > until) return undefined;
    if (from === null) this.#queue.popDue(until);
    else from.shift();
    return next;
  }

  #schedule(time: number, target: SimProcess | null, incarnation: number, handler: Handler, arg: unknown): Timer {
    const event = new ScheduledEvent(time, this.#seq++, target, incarnation, handler, arg);
    this.#queue.push(event);
    return event;
  }

  #process(id: ProcessId): SimProcess {
    const p = this.#processes.get(id);
    if (p === undefined) throw new Error(`unknown process ${id}`);
    return p;
  }

  #boot(process: SimProcess): ProcessContext {
    const incarnation = process.incarnation;
    const ctx: ProcessContext = {
      id: process.id,
      incarnation,
      now: () => this.#now + process.skewMs,
      setTimer: (delayMs, handler) =>
        this.#schedule(this.#now + checkDelay(delayMs), process, incarnation, handler as Handler, undefined),
      isCurrent: () => process.incarnation === incarnation && process.status !== 'crashed',
      random: (name) => this.seeds.stream(`${process.id}/${name}`),
      exit: () => {
        if (process.incarnation === incarnation && process.status !== 'crashed') this.#terminate(process, 'exit');
      },
    };
    process.context = ctx;
    process.boot(ctx);
    return ctx;
  }

  #terminate(p: SimProcess, kind: 'crash' | 'exit'): void {
    p.status = 'crashed';
    p.incarnation++;
    p.backlog = [];
    p.context = null;
    this.#emit(kind, p);
  }

  #emit(kind: LifecycleKind, p: SimProcess): void {
    for (const listener of this.#listeners) listener({ kind, id: p.id, incarnation: p.incarnation, time: this.#now });
  }
}

function checkDelay(delayMs: number): number {
  if (!Number.isInteger(delayMs) || delayMs < 0) throw new RangeError(`delay must be a non-negative integer ms, got ${delayMs}`);
  return delayMs;
}
