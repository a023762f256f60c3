/**
 * Simulated network: request/response RPC between processes with seeded latency, TCP-like FIFO per
 * directed connection, directional partitions, and caller-side timeouts.
 *
 * A message to a crashed or partitioned process is lost; the caller learns nothing until its own timeout
 * fires, which surfaces as a connection error — as a real client sees a dead peer. A reply from a server
 * incarnation that has since crashed is never sent.
 */
import type { RandomStream } from './random.ts';
import type { ProcessContext, ProcessId, ProcessInfo, Scheduler, Timer } from './scheduler.ts';

export interface NetworkOptions {
  /** One-way latency, drawn uniformly from [min, max] ms per message. */
  minLatencyMs: number;
  maxLatencyMs: number;
}

export const DEFAULT_NETWORK: NetworkOptions = { minLatencyMs: 1, maxLatencyMs: 5 };

export interface ConnectionError {
  kind: 'connection';
  reason: 'timeout';
  to: ProcessId;
  service: string;
  method: string;
}

export type RpcResult<R> = { ok: true; value: R } | { ok: false; error: ConnectionError };

/** Sends the response back to the caller; calling it more than once, or after a crash, does nothing. */
export type Reply = (response: unknown) => void;

export interface Request {
  from: ProcessId;
  service: string;
  method: string;
  payload: unknown;
}

/** A server's request handler. It may reply at once, later (after a disk sync, say), or never. */
export type RequestHandler = (request: Request, reply: Reply) => void;

interface Endpoint {
  incarnation: number;
  services: Map<string, RequestHandler>;
}

/**
 * What the network keeps per process, found once per message by the sender's id: its outgoing links, the
 * services it listens on, and how many of its calls await a reply. Everything else hangs off the link.
 */
interface Peer {
  readonly id: ProcessId;
  /** Directed connections from this process, by receiver. */
  readonly links: Map<ProcessId, Link>;
  endpoint: Endpoint | null;
  /** Calls awaiting a reply. A crash forgets the caller's: their replies and timeouts are dropped unsettled. */
  pending: number;
}

/**
 * A call awaiting its reply. The request and the reply carry it along, so settling it (reply or timeout) is a
 * field write, not a lookup in a map of every call in flight.
 */
interface PendingCall {
  caller: Peer;
  callback: (result: RpcResult<unknown>) => void;
  timeout: Timer | null;
  /** Replied to or timed out. */
  settled: boolean;
  /** The request it answers: what a timeout's ConnectionError names. */
  request: InFlightRequest | null;
}

/**
 * One directed connection (from → to), made on first use and kept: its FIFO clock, the partitions that cut it,
 * and both ends' processes (the scheduler never forgets a process). A message carries its link, so sending and
 * delivering it look nothing up by name.
 */
interface Link {
  readonly from: ProcessId;
  readonly to: ProcessId;
  /** Latest delivery time on this link, to keep delivery FIFO despite random latency. */
  lastDelivery: number;
  /** How many partitions in force cut this link. */
  blocked: number;
  /** The receiver's peer: its endpoint, when a request arrives. */
  readonly receiver: Peer;
  source: ProcessInfo | null;
  target: ProcessInfo | null;
  /** The link back (to → from), for replies. */
  reverse: Link | null;
}

/** Handed to the handler as its Request (the extra fields are the network's own), sparing a copy per message. */
interface InFlightRequest extends Request {
  /** null for a one-way message: nobody waits for a reply. */
  call: PendingCall | null;
  link: Link;
  service: string;
  from: ProcessId;
  fromIncarnation: number;
  to: ProcessId;
  method: string;
  payload: unknown;
}

interface InFlightResponse {
  call: PendingCall;
  link: Link;
  response: unknown;
}

/** One partition (or one-way block) in force; `heal()` lifts exactly it, once. */
export interface PartitionHandle {
  heal(): void;
}

export class Network {
  /** Every process the network has seen, by id (made on first use and kept, as the scheduler keeps processes). */
  readonly #peers = new Map<ProcessId, Peer>();
  #pendingCount = 0;
  /** How many links some partition cuts: while none is, every link may carry messages. */
  #blockedLinks = 0;
  /** Bumped by heal(): handles from before a global heal are spent. */
  #generation = 0;
  #sent = 0;
  #dropped = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly rng: RandomStream,
    private readonly options: NetworkOptions = DEFAULT_NETWORK,
  ) {
    if (!(Number.isInteger(options.minLatencyMs) && Number.isInteger(options.maxLatencyMs) && options.minLatencyMs >= 0 && options.maxLatencyMs >= options.minLatencyMs)) {
      throw new RangeError(`network latency range [${options.minLatencyMs}, ${options.maxLatencyMs}] is invalid`);
    }
    // A crashed caller's callbacks can never run: its calls no longer count as pending.
    scheduler.onLifecycle((event) => {
      if (event.kind !== 'crash' && event.kind !== 'exit') return;
      const peer = this.#peers.get(event.id);
      if (peer === undefined) return;
      this.#pendingCount -= peer.pending;
      peer.pending = 0;
    });
  }

  get stats(): { sent: number; dropped: number; pendingCalls: number } {
    return { sent: this.#sent, dropped: this.#dropped, pendingCalls: this.#pendingCount };
  }

  /**
   * Serve `service` for this process incarnation. A process may serve several services (a RegionServer
   * serves clients and receives ZooKeeper watch notifications); a restarted incarnation listens afresh.
   */
  listen(ctx: ProcessContext, service: string, handler: RequestHandler): void {
    const peer = this.#peer(ctx.id);
    let endpoint = peer.endpoint;
    if (endpoint === null || endpoint.incarnation !== ctx.incarnation) {
      endpoint = { incarnation: ctx.incarnation, services: new Map() };
      peer.endpoint = endpoint;
    }
    endpoint.services.set(service, handler);
  }

  /** A one-way message (a notification): no reply, no timeout; lost like any message when it cannot arrive. */
  send(ctx: ProcessContext, to: ProcessId, service: string, method: string, payload: unknown): void {
    const link = this.#link(ctx.id, to);
    const request: InFlightRequest = { call: null, link, service, from: ctx.id, fromIncarnation: ctx.incarnation, to, method, payload };
    this.#transmit(link, (link.target ??= this.scheduler.info(to)).incarnation, this.#deliverRequest, request);
  }

  /**
   * Call `method` on `to`. The callback runs exactly once in the caller's incarnation (never after it
   * crashed): with the reply, or with a connection error after `timeoutMs`.
   */
  call<R>(ctx: ProcessContext, to: ProcessId, service: string, method: string, payload: unknown, timeoutMs: number, callback: (result: RpcResult<R>) => void): void {
    const caller = this.#peer(ctx.id);
    const link = this.#linkFrom(caller, to);
    const call: PendingCall = { caller, callback: callback as (result: RpcResult<unknown>) => void, timeout: null, settled: false, request: null };
    // The same event ctx.setTimer(timeoutMs, …) would schedule (same process incarnation, time and place in the
    // run's order), but with the call as its argument to one shared handler instead of a new closure per call, and
    // in its delay's lane rather than the queue: a reply cancels nearly every one.
    call.timeout = this.scheduler.deliverAfterFixedDelay((link.source ??= this.scheduler.info(ctx.id)), ctx.incarnation, timeoutMs, this.#timedOut, call);
    caller.pending++;
    this.#pendingCount++;
    const request: InFlightRequest = { call, link, service, from: ctx.id, fromIncarnation: ctx.incarnation, to, method, payload };
    call.request = request;
    this.#transmit(link, (link.target ??= this.scheduler.info(to)).incarnation, this.#deliverRequest, request);
  }

  // ---- partitions ----------------------------------------------------------------------------------------

  /**
   * Block messages from every process in `from` to every process in `to` (one way). The returned handle heals
   * exactly this block: overlapping partitions compose, a link stays cut while any partition cuts it.
   */
  blockOneWay(from: readonly ProcessId[], to: readonly ProcessId[]): PartitionHandle {
    const links = new Set<Link>();
    for (const a of from) for (const b of to) if (a !== b) links.add(this.#link(a, b));
    return this.#block(links);
  }

  /**
   * Split processes into groups that cannot reach each other (both ways); processes not named are untouched.
   * The returned handle heals exactly this partition.
   */
  partition(groups: readonly (readonly ProcessId[])[]): PartitionHandle {
    const links = new Set<Link>();
    for (let i = 0; i < groups.length; i++) {
      for (let j = 0; j < groups.length; j++) {
        if (i === j) continue;
        for (const a of groups[i] as ProcessId[]) for (const b of groups[j] as ProcessId[]) if (a !== b) links.add(this.#link(a, b));
      }
    }
    return this.#block(links);
  }

  /** Heal every partition; handles taken before this no longer heal anything. */
  heal(): void {
    for (const peer of this.#peers.values()) for (const link of peer.links.values()) link.blocked = 0;
    this.#blockedLinks = 0;
    this.#generation++;
  }

  canReach(from: ProcessId, to: ProcessId): boolean {
    return this.#blockedLinks === 0 || (this.#peers.get(from)?.links.get(to)?.blocked ?? 0) === 0;
  }

  /** Directed pairs currently blocked, sorted (for traces and reports). */
  blockedPairs(): Array<[ProcessId, ProcessId]> {
    const keys: string[] = [];
    for (const peer of this.#peers.values()) for (const link of peer.links.values()) if (link.blocked > 0) keys.push(connectionKey(link.from, link.to));
    return keys.sort().map((k) => k.split('>') as [ProcessId, ProcessId]);
  }

  #block(links: ReadonlySet<Link>): PartitionHandle {
    for (const link of links) if (link.blocked++ === 0) this.#blockedLinks++;
    const generation = this.#generation;
    let healed = false;
    return {
      heal: () => {
        // A global heal() since this block was made already removed it (and maybe newer blocks of the same pairs).
        if (healed || generation !== this.#generation) return;
        healed = true;
        for (const link of links) if (link.blocked > 0 && --link.blocked === 0) this.#blockedLinks--;
      },
    };
  }

  // ---- internals -----------------------------------------------------------------------------------------

  #peer(id: ProcessId): Peer {
    let peer = this.#peers.get(id);
    if (peer === undefined) {
      peer = { id, links: new Map(), endpoint: null, pending: 0 };
      this.#peers.set(id, peer);
    }
    return peer;
  }

  #link(from: ProcessId, to: ProcessId): Link {
    return this.#linkFrom(this.#peer(from), to);
  }

  #linkFrom(sender: Peer, to: ProcessId): Link {
    let link = sender.links.get(to);
    if (link === undefined) {
      link = { from: sender.id, to, lastDelivery: 0, blocked: 0, receiver: this.#peer(to), source: null, target: null, reverse: null };
      sender.links.set(to, link);
    }
    return link;
  }

  #transmit<M>(link: Link, incarnation: number, deliver: (message: M) => void, message: M): void {
    this.#sent++;
    // A process that crashed in the middle of a handler (a fault at a failpoint) sends nothing more.
    const source = (link.source ??= this.scheduler.info(link.from));
    if (source.status === 'crashed') {
      this.#dropped++;
      return;
    }
    const target = (link.target ??= this.scheduler.info(link.to));
    if (link.blocked > 0 || target.incarnation !== incarnation || target.status === 'crashed') {
      this.#dropped++;
      return;
    }
    const now = this.scheduler.now;
    const latency = this.rng.int(this.options.minLatencyMs, this.options.maxLatencyMs);
    const deliveryTime = Math.max(now + latency, link.lastDelivery);
    link.lastDelivery = deliveryTime;
    this.scheduler.deliverTo(target, incarnation, deliveryTime - now, deliver, message);
  }

  readonly #deliverRequest = (request: InFlightRequest): void => {
    // A partition that began while the message was in flight loses it too.
    const link = request.link;
    if (link.blocked > 0) {
      this.#dropped++;
      return;
    }
    const endpoint = link.receiver.endpoint;
    const server = link.target as ProcessInfo; // looked up when the request was sent
    const serverIncarnation = server.incarnation;
    const handler = endpoint !== null && endpoint.incarnation === serverIncarnation ? endpoint.services.get(request.service) : undefined;
    if (handler === undefined) {
      this.#dropped++;
      return;
    }
    const call = request.call;
    if (call === null) return handler(request, noReply);
    let replied = false;
    const reply: Reply = (response) => {
      if (replied || server.incarnation !== serverIncarnation || server.status === 'crashed') return;
      replied = true;
      const back = (link.reverse ??= this.#link(request.to, request.from));
      const message: InFlightResponse = { call, link: back, response };
      this.#transmit(back, request.fromIncarnation, this.#deliverResponse, message);
    };
    handler(request, reply);
  };

  /** A call's timeout fired: unless its reply came first, the caller hears of a connection error. */
  readonly #timedOut = (call: PendingCall): void => {
    if (!this.#settle(call)) return;
    const { to, service, method } = call.request as InFlightRequest;
    call.callback({ ok: false, error: { kind: 'connection', reason: 'timeout', to, service, method } });
  };

  readonly #deliverResponse = (message: InFlightResponse): void => {
    if (message.link.blocked > 0) {
      this.#dropped++;
      return;
    }
    const call = message.call;
    if (!this.#settle(call)) return; // the caller already timed out
    call.timeout?.cancel();
    call.callback({ ok: true, value: message.response });
  };

  /** Marks a call settled; false if it already was (a reply after the timeout, or the reverse). */
  #settle(call: PendingCall): boolean {
    if (call.settled) return false;
    call.settled = true;
    call.caller.pending--;
    this.#pendingCount--;
    return true;
  }
}

const noReply: Reply = () => {};

function connectionKey(from: ProcessId, to: ProcessId): string {
  return `${from}>${to}`;
}
