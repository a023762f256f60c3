/**
 * The ZooKeeper ensemble as one simulated process (default id `zookeeper`, service `zk`). See README.md for
 * the model, its simplifications and its trace events.
 *
 * The znode tree and the sessions are the ensemble's durable state: they live in this object, outside any
 * incarnation, so a crash and restart of the process (a whole-ensemble outage) keeps them — as a quorum's
 * snapshot and log would. A restart drops every connection and every server-side watch (clients reconnect and
 * re-send their watches) and gives each session a fresh timeout, as a new ZooKeeper leader does.
 */
import type { Network, Reply, Request } from '../../harness/network.ts';
import type { ProcessContext, ProcessId, Scheduler } from '../../harness/scheduler.ts';
import type { SystemTracer } from '../../schema/trace.ts';
import { DataTree, type NodeEvent } from './data-tree.ts';
import type { ConnectRequest, ConnectResponse, KeeperErrorCode, MultiOp, MultiOpResult, Op, OpResult, ServerMessage, Stat, ZkRequest } from './protocol.ts';
import { DEFAULT_ZK_PROCESS, ZK_SERVICE } from './protocol.ts';
import { negotiateTimeout, SessionTable, type Session, type SessionInfo } from './sessions.ts';
import { WatchManager } from './watch-manager.ts';

export interface ZooKeeperOptions {
  /** Process id of the ensemble. */
  id?: ProcessId;
  /** tickTime; the session timeout bounds default to 2× and 20× of it, as in ZooKeeper. */
  tickTimeMs?: number;
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
}

export interface ZooKeeperRuntime {
  scheduler: Scheduler;
  network: Network;
  trace: SystemTracer;
}

export type ExpiryReason = 'timeout' | 'nemesis';

export class ZooKeeperServer {
  readonly id: ProcessId;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly #tree = new DataTree();
  readonly #sessions = new SessionTable();
  #watches = new WatchManager();
  #ctx: ProcessContext | null = null;

  private constructor(
    private readonly runtime: ZooKeeperRuntime,
    options: ZooKeeperOptions,
  ) {
    this.id = options.id ?? DEFAULT_ZK_PROCESS;
    const tick = options.tickTimeMs ?? 2_000;
    this.minSessionTimeoutMs = options.minSessionTimeoutMs ?? 2 * tick;
    this.maxSessionTimeoutMs = options.maxSessionTimeoutMs ?? 20 * tick;
    if (!(this.minSessionTimeoutMs >= 3 && this.maxSessionTimeoutMs >= this.minSessionTimeoutMs)) {
      throw new RangeError(`ZooKeeper session timeout bounds [${this.minSessionTimeoutMs}, ${this.maxSessionTimeoutMs}] are invalid`);
    }
  }

  /** Create the ensemble and spawn its process. */
  static spawn(runtime: ZooKeeperRuntime, options: ZooKeeperOptions = {}): ZooKeeperServer {
    const server = new ZooKeeperServer(runtime, options);
    runtime.scheduler.spawn(server.id, (ctx) => server.#boot(ctx));
    return server;
  }

  // ---- nemesis hooks and inspection ----------------------------------------------------------------------

  /** Expire a session now, as ZooKeeper's test utilities do; false if it is already gone. */
  expireSession(sessionId: number): boolean {
    const session = this.#sessions.get(sessionId);
    if (session === undefined) return false;
    this.#endSession(session, 'expired', 'nemesis');
    return true;
  }

  /** Live sessions opened by a client process (any incarnation), in id order. */
  sessionsOf(client: ProcessId): SessionInfo[] {
    return this.sessions().filter((s) => s.client === client);
  }

  sessions(): SessionInfo[] {
    return this.#sessions.all().map((s) => ({
      sessionId: s.id,
      client: s.client,
      clientIncarnation: s.clientIncarnation,
      timeoutMs: s.timeoutMs,
      connected: s.conn !== null && !s.conn.broken,
      ephemerals: this.#tree.ephemeralsOf(s.id),
    }));
  }

  /** A znode's data and stat, read directly (no session, no watch): for tests and role resolution. */
  read(path: string): { data: unknown; stat: Stat } | null {
    const r = this.#tree.getData(path);
    return r.ok ? { data: JSON.parse(r.value.data) as unknown, stat: r.value.stat } : null;
  }

  children(path: string): string[] {
    const r = this.#tree.getChildren(path);
    return r.ok ? r.value : [];
  }

  paths(): string[] {
    return this.#tree.paths();
  }

  get watchCount(): number {
    return this.#watches.size;
  }

  // ---- the process ---------------------------------------------------------------------------------------

  #boot(ctx: ProcessContext): void {
    this.#ctx = ctx;
    this.#watches = new WatchManager();
    for (const session of this.#sessions.all()) {
      session.conn = null;
      session.expiryTimer = null; // the old incarnation's timer died with it
      this.#touch(session);
    }
    this.runtime.network.listen(ctx, ZK_SERVICE, (request, reply) => this.#handle(ctx, request, reply));
  }

  #handle(ctx: ProcessContext, request: Request, reply: Reply): void {
    if (request.method === 'connect') this.#connect(ctx, request.from, request.payload as ConnectRequest, reply);
    else if (request.method === 'request') this.#request(request.payload as ZkRequest, reply);
  }

  #connect(ctx: ProcessContext, from: ProcessId, req: ConnectRequest, reply: Reply): void {
    let session: Session | undefined;
    if (req.sessionId === 0) {
      const timeoutMs = negotiateTimeout(req.timeoutMs, this);
      session = this.#sessions.open(from, req.incarnation, req.watcherService, timeoutMs, ctx.now());
      this.#tree.nextZxid();
      this.runtime.trace.emit('zk.session.open', { session: session.id, client: from, incarnation: req.incarnation, timeoutMs });
    } else {
      session = this.#sessions.get(req.sessionId);
      if (session === undefined) {
        const expired: ConnectResponse = { ok: false, code: 'SessionExpired' };
        return reply(expired);
      }
    }
    const conn = this.#sessions.newConnection(session);
    // The old connection is gone, and its watches with it; the client re-sends those it still holds.
    this.#watches.removeSession(session.id);
    this.#touch(session);
    const response: ConnectResponse = { ok: true, sessionId: session.id, timeoutMs: session.timeoutMs, connId: conn.id, zxid: this.#tree.lastZxid };
    reply(response);
    for (const event of this.#watches.setWatches(session.id, req.lastZxid, req.watches, this.#tree)) this.#send(session, event);
  }

  #request(req: ZkRequest, reply: Reply): void {
    const session = this.#sessions.get(req.sessionId);
    if (session === undefined) {
      const expired: ServerMessage = { kind: 'expired', sessionId: req.sessionId };
      return reply(expired);
    }
    const conn = session.conn;
    // A request on a dead or superseded connection is lost, as bytes on a closed socket are.
    if (conn === null || conn.id !== req.connId || conn.broken) return;
    if (req.seq !== conn.nextIn) {
      conn.broken = true;
      return;
    }
    conn.nextIn++;
    this.#touch(session);
    const result = this.#execute(session, req.body);
    const message: ServerMessage = { kind: 'response', sessionId: session.id, connId: conn.id, seq: conn.nextOut++, zxid: this.#tree.lastZxid, result };
    reply(message);
  }

  #execute(session: Session, op: Op): OpResult {
    const now = this.#now();
    switch (op.op) {
      case 'ping':
        return { ok: true, value: null };
      case 'create': {
        const r = this.#tree.create(op.path, op.data, op.mode, session.id, now);
        if (!r.ok) return r;
        this.runtime.trace.emit('zk.znode.created', { path: r.value.value, mode: op.mode, session: session.id, zxid: r.value.zxid, data: JSON.parse(op.data) as unknown });
        this.#fire(r.value.events);
        return { ok: true, value: r.value.value };
      }
      case 'delete': {
        const r = this.#tree.delete(op.path, op.version);
        if (!r.ok) return r;
        this.runtime.trace.emit('zk.znode.deleted', { path: op.path, session: session.id, zxid: r.value.zxid, cause: 'delete' });
        this.#fire(r.value.events);
        return { ok: true, value: null };
      }
      case 'setData': {
        const r = this.#tree.setData(op.path, op.data, op.version, now);
        if (!r.ok) return r;
        this.runtime.trace.emit('zk.znode.changed', { path: op.path, session: session.id, zxid: r.value.zxid, version: r.value.value.version, data: JSON.parse(op.data) as unknown });
        this.#fire(r.value.events);
        return { ok: true, value: r.value.value };
      }
      case 'exists': {
        const stat = this.#tree.stat(op.path);
        // exists sets a watch whether or not the node is there: that is how one waits for a node to appear.
        if (op.watch) this.#watches.addDataWatch(op.path, session.id);
        return { ok: true, value: stat };
      }
      case 'getData': {
        const r = this.#tree.getData(op.path);
        if (r.ok && op.watch) this.#watches.addDataWatch(op.path, session.id);
        return r;
      }
      case 'getChildren': {
        const r = this.#tree.getChildren(op.path);
        if (r.ok && op.watch) this.#watches.addChildWatch(op.path, session.id);
        return r;
      }
      case 'multi': {
        const r = this.#tree.multi(op.ops, session.id, now);
        if (!r.ok) return r;
        op.ops.forEach((part, i) => this.#traceMultiOp(session, part, r.value.value[i] ?? null, r.value.zxid));
        this.#fire(r.value.events);
        return { ok: true, value: r.value.value };
      }
      case 'closeSession':
        this.#endSession(session, 'closed', null);
        return { ok: true, value: null };
      default:
        return { ok: false, code: 'BadArguments' satisfies KeeperErrorCode };
    }
  }

  /** A multi's parts are traced as the single operations would be, all with the transaction's one zxid. */
  #traceMultiOp(session: Session, op: MultiOp, result: MultiOpResult, zxid: number): void {
    if (op.op === 'create') this.runtime.trace.emit('zk.znode.created', { path: result as string, mode: op.mode, session: session.id, zxid, data: JSON.parse(op.data) as unknown });
    else if (op.op === 'delete') this.runtime.trace.emit('zk.znode.deleted', { path: op.path, session: session.id, zxid, cause: 'delete' });
    else if (op.op === 'setData') this.runtime.trace.emit('zk.znode.changed', { path: op.path, session: session.id, zxid, version: (result as Stat).version, data: JSON.parse(op.data) as unknown });
  }

  /**
   * Session expiry or close: one transaction (one zxid, DataTree.killSession) that deletes the session's ephemerals
   * and fires their watches. The dying session's own watches fire too, on its still-open connection, before the
   * server closes it (FinalRequestProcessor applies the closeSession txn before it closes the connection and drops
   * its watches): a real ZooKeeper tells a closing client about its own ephemerals' deletion.
   */
  #endSession(session: Session, how: 'expired' | 'closed', reason: ExpiryReason | null): void {
    const ephemerals = this.#tree.ephemeralsOf(session.id);
    if (how === 'expired') this.runtime.trace.emit('zk.session.expired', { session: session.id, client: session.client, reason, ephemerals });
    else this.runtime.trace.emit('zk.session.closed', { session: session.id, client: session.client, ephemerals });
    const killed = this.#tree.killSession(session.id);
    for (const path of ephemerals) this.runtime.trace.emit('zk.znode.deleted', { path, session: session.id, zxid: killed.zxid, cause: how });
    this.#fire(killed.events);
    this.#watches.removeSession(session.id);
    // ZooKeeper closes the expired session's socket; the client reconnects and is told SessionExpired.
    if (how === 'expired' && session.conn !== null && !session.conn.broken) {
      this.#post(session, { kind: 'closing', sessionId: session.id, connId: session.conn.id, seq: session.conn.nextOut++, zxid: this.#tree.lastZxid });
    }
    this.#sessions.remove(session);
  }

  #fire(events: readonly NodeEvent[]): void {
    for (const event of events) {
      for (const sessionId of this.#watches.trigger(event)) {
        const session = this.#sessions.get(sessionId);
        if (session !== undefined) this.#send(session, event);
      }
    }
  }

  /**
   * Notify a session of a watch event on its current connection. With no usable connection the event is not
   * sent, and the watch is already consumed: the client still holds it and re-sends it when it reconnects,
   * where the change (newer than anything the client saw) fires it again.
   */
  #send(session: Session, event: NodeEvent): void {
    const conn = session.conn;
    if (conn === null || conn.broken) return;
    this.#post(session, { kind: 'event', sessionId: session.id, connId: conn.id, seq: conn.nextOut++, zxid: this.#tree.lastZxid, type: event.type, path: event.path });
  }

  #post(session: Session, message: ServerMessage): void {
    const ctx = this.#ctx;
    if (ctx === null || !ctx.isCurrent()) return;
    this.runtime.network.send(ctx, session.client, session.watcherService, 'zk', message);
  }

  #touch(session: Session): void {
    session.deadline = this.#now() + session.timeoutMs;
    this.#armExpiry(session, session.timeoutMs);
  }

  /** One timer per session, re-armed lazily: a ping moves the deadline, not the timer. */
  #armExpiry(session: Session, delayMs: number): void {
    const ctx = this.#ctx;
    if (session.expiryTimer !== null || ctx === null || !ctx.isCurrent()) return;
    session.expiryTimer = ctx.setTimer(Math.max(0, delayMs), () => {
      session.expiryTimer = null;
      if (this.#sessions.get(session.id) !== session) return;
      const left = session.deadline - ctx.now();
      if (left <= 0) this.#endSession(session, 'expired', 'timeout');
      else this.#armExpiry(session, left);
    });
  }

  #now(): number {
    return this.#ctx?.now() ?? this.runtime.scheduler.now;
  }
}
