/**
 * ZooKeeperClient: the org.apache.zookeeper.ZooKeeper handle a simulated process holds (a master, a
 * RegionServer, a client), built from the process's context and the network. Asynchronous API: every
 * operation calls back exactly once with a ZkResult; watch and connection-state events go to the one
 * `watcher` given at construction (ZooKeeper's default watcher; read operations take `watch: boolean`).
 *
 * Connection state machine (ClientCnxn): CONNECTING → CONNECTED ⇄ CONNECTING … → CLOSED.
 * - CONNECTING: a connect attempt is in flight; operations issued now wait for it and fail with
 *   ConnectionLoss if it fails. Attempts repeat (with a small seeded backoff) until one succeeds.
 * - CONNECTED: requests flow; a ping every third of the session timeout. A call unanswered for two thirds of
 *   the timeout (ZooKeeper's read timeout), a gap in the server's message sequence, or the server closing the
 *   connection ⇒ every in-flight operation fails with ConnectionLoss, the watcher sees Disconnected, and the
 *   client reconnects with the same session id and re-sends the watches it still holds.
 * - CLOSED: after Expired (the server said the session is gone — learnt only when the client reaches the
 *   server again) or close(). For good: later operations fail with SessionExpired.
 *
 * ConnectionLoss is never retried here (as in the raw ZooKeeper client): the outcome of a mutation that lost
 * its connection is unknown, and only the caller knows whether a retry is safe — HBase's RecoverableZooKeeper
 * is the layer that retries.
 */
import type { Network, RpcResult } from '../../harness/network.ts';
import type { ProcessContext, ProcessId, Timer } from '../../harness/scheduler.ts';
import type { SystemTracer } from '../../schema/trace.ts';
import type { ConnectRequest, ConnectResponse, CreateMode, KeeperErrorCode, KeeperState, MultiOp, MultiResult, Op, OpResult, ServerMessage, Stat, WatchedEvent, ZkRequest, ZkResult } from './protocol.ts';
import { DEFAULT_WATCHER_SERVICE, DEFAULT_ZK_PROCESS, ZK_SERVICE } from './protocol.ts';

export interface ZooKeeperClientOptions {
  /** Requested session timeout; the server bounds it (see `negotiatedTimeoutMs`). */
  sessionTimeoutMs: number;
  watcher: (event: WatchedEvent) => void;
  /** The ensemble's process id (default `zookeeper`). */
  server?: ProcessId;
  /** Where this client receives watch events; give each client in one process its own. */
  watcherService?: string;
  /** When given, connection-state changes are traced as `zk.client.state`. */
  trace?: SystemTracer;
}

export type ClientState = 'CONNECTING' | 'CONNECTED' | 'CLOSING' | 'CLOSED';

interface PendingOp {
  op: Op;
  callback: (result: OpResult) => void;
}

interface ClientConnection {
  id: number;
  nextSeq: number;
  /** Sequence number of the next message expected from the server. */
  expectedIn: number;
  /** In-flight requests by request sequence number (Map order is send order). */
  pending: Map<number, PendingOp>;
  pingTimer: Timer | null;
  /** Fires when nothing was heard for the read timeout (ClientCnxn's idle-recv check). */
  watchdog: Timer | null;
}

export class ZooKeeperClient {
  readonly #ctx: ProcessContext;
  readonly #network: Network;
  readonly #options: ZooKeeperClientOptions;
  readonly #server: ProcessId;
  readonly #watcherService: string;
  #state: ClientState = 'CONNECTING';
  #expired = false;
  #sessionId = 0;
  #timeoutMs: number;
  #lastZxid = 0;
  #lastHeardMs: number;
  #sessionConfirmedMs: number;
  #conn: ClientConnection | null = null;
  #attempt = 0;
  /** Operations issued while CONNECTING, sent once connected. */
  #queued: PendingOp[] = [];
  readonly #watches = { data: new Set<string>(), exist: new Set<string>(), child: new Set<string>() };

  constructor(ctx: ProcessContext, network: Network, options: ZooKeeperClientOptions) {
    if (!(Number.isInteger(options.sessionTimeoutMs) && options.sessionTimeoutMs >= 3)) throw new RangeError(`sessionTimeoutMs must be an integer ≥ 3, got ${options.sessionTimeoutMs}`);
    this.#ctx = ctx;
    this.#network = network;
    this.#options = options;
    this.#server = options.server ?? DEFAULT_ZK_PROCESS;
    this.#watcherService = options.watcherService ?? DEFAULT_WATCHER_SERVICE;
    this.#timeoutMs = options.sessionTimeoutMs;
    this.#lastHeardMs = ctx.now();
    this.#sessionConfirmedMs = ctx.now();
    network.listen(ctx, this.#watcherService, (request) => this.#onMessage(request.payload as ServerMessage));
    this.#connect();
  }

  get state(): ClientState {
    return this.#state;
  }

  /** 0 until the first connect succeeds. */
  get sessionId(): number {
    return this.#sessionId;
  }

  /** The timeout the server granted (the requested one until connected). */
  get negotiatedTimeoutMs(): number {
    return this.#timeoutMs;
  }

  /**
   * Local-clock time at which the server certainly still held the session: when the newest request it answered
   * was sent. A lease must start there, not at the reply's arrival — a reply read late (after a pause, from a
   * backlog) says nothing about the session now. −∞ while disconnected: the server closes the connection of a
   * session it expires, so a lost connection may mean the session is gone.
   */
  get sessionConfirmedMs(): number {
    return this.#sessionConfirmedMs;
  }

  // ---- operations ----------------------------------------------------------------------------------------

  create(path: string, data: unknown, mode: CreateMode, callback: (result: ZkResult<string>) => void): void {
    this.#submit({ op: 'create', path, data: encode(data), mode }, callback as (r: OpResult) => void);
  }

  /** `version` -1 deletes whatever the version. */
  delete(path: string, version: number, callback: (result: ZkResult<null>) => void): void {
    this.#submit({ op: 'delete', path, version }, callback as (r: OpResult) => void);
  }

  /** The stat, or null when the node does not exist (with `watch`, its creation will be notified). */
  exists(path: string, watch: boolean, callback: (result: ZkResult<Stat | null>) => void): void {
    this.#submit({ op: 'exists', path, watch }, callback as (r: OpResult) => void);
  }

  getData(path: string, watch: boolean, callback: (result: ZkResult<{ data: unknown; stat: Stat }>) => void): void {
    this.#submit({ op: 'getData', path, watch }, (r) => {
      if (!r.ok) return callback(r);
      const v = r.value as { data: string; stat: Stat };
      callback({ ok: true, value: { data: JSON.parse(v.data) as unknown, stat: v.stat } });
    });
  }

  setData(path: string, data: unknown, version: number, callback: (result: ZkResult<Stat>) => void): void {
    this.#submit({ op: 'setData', path, data: encode(data), version }, callback as (r: OpResult) => void);
  }

  /** Children's names, sorted. */
  getChildren(path: string, watch: boolean, callback: (result: ZkResult<string[]>) => void): void {
    this.#submit({ op: 'getChildren', path, watch }, callback as (r: OpResult) => void);
  }

  /** ZooKeeper.multi: all of `ops` as one transaction, or none of them (the failure names the culprit). */
  multi(ops: readonly MultiOp<unknown>[], callback: (result: MultiResult) => void): void {
    const wire = ops.map((o): MultiOp => (o.op === 'create' || o.op === 'setData' ? { ...o, data: encode(o.data) } : o));
    this.#submit({ op: 'multi', ops: wire }, callback as (r: OpResult) => void);
  }

  /** Close the session: the server deletes its ephemerals at once (a clean stop, not an expiry). */
  close(): void {
    if (this.#state === 'CLOSED' || this.#state === 'CLOSING') return;
    if (this.#state === 'CONNECTING') return this.#shutdown('Closed', 'SessionExpired');
    this.#state = 'CLOSING';
    this.#transmit({ op: 'closeSession' }, () => this.#shutdown('Closed', 'SessionExpired'));
  }

  // ---- connection ----------------------------------------------------------------------------------------

  get #readTimeoutMs(): number {
    return Math.max(1, Math.floor((this.#timeoutMs * 2) / 3));
  }

  #connect(): void {
    const attempt = ++this.#attempt;
    const request: ConnectRequest = {
      sessionId: this.#sessionId,
      timeoutMs: this.#options.sessionTimeoutMs,
      lastZxid: this.#lastZxid,
      watcherService: this.#watcherService,
      incarnation: this.#ctx.incarnation,
      watches: { data: [...this.#watches.data].sort(), exist: [...this.#watches.exist].sort(), child: [...this.#watches.child].sort() },
    };
    // ClientCnxn's connect timeout is sessionTimeout / servers; the one logical ensemble counts as three.
    const connectTimeoutMs = Math.max(1, Math.floor(this.#timeoutMs / 3));
    const sentMs = this.#ctx.now();
    this.#network.call<ConnectResponse>(this.#ctx, this.#server, ZK_SERVICE, 'connect', request, connectTimeoutMs, (r) => this.#onConnect(attempt, r, sentMs));
  }

  #onConnect(attempt: number, r: RpcResult<ConnectResponse>, sentMs: number): void {
    if (attempt !== this.#attempt || this.#state !== 'CONNECTING') return;
    if (!r.ok) {
      // ClientCnxn fails everything queued when a connect attempt fails, then tries again.
      this.#failAll(this.#drainQueued(), 'ConnectionLoss');
      // ClientCnxn sleeps up to 1 s between attempts; scaled down with short (scenario) timeouts.
      const backoff = this.#ctx.random(`zk-client/${this.#watcherService}`).int(0, Math.min(1_000, Math.floor(this.#timeoutMs / 10)));
      this.#ctx.setTimer(backoff, () => {
        if (this.#state === 'CONNECTING') this.#connect();
      });
      return;
    }
    const response = r.value;
    if (!response.ok) return this.#shutdown('Expired', 'SessionExpired');
    this.#sessionId = response.sessionId;
    this.#timeoutMs = response.timeoutMs;
    this.#lastZxid = Math.max(this.#lastZxid, response.zxid);
    this.#lastHeardMs = this.#ctx.now();
    this.#sessionConfirmedMs = Math.max(this.#sessionConfirmedMs, sentMs);
    this.#conn = { id: response.connId, nextSeq: 1, expectedIn: 1, pending: new Map(), pingTimer: null, watchdog: null };
    this.#state = 'CONNECTED';
    // Queued operations go out before the watcher hears SyncConnected (ClientCnxn sends them at once; the
    // event thread delivers the state change later), so they keep their order ahead of anything it issues.
    for (const p of this.#drainQueued()) this.#transmit(p.op, p.callback);
    this.#schedulePing();
    this.#armWatchdog(this.#conn, this.#readTimeoutMs);
    this.#notifyState('SyncConnected');
  }

  #schedulePing(): void {
    const conn = this.#conn;
    if (conn === null) return;
    conn.pingTimer = this.#ctx.setTimer(Math.max(1, Math.floor(this.#timeoutMs / 3)), () => {
      if (this.#conn !== conn) return;
      this.#transmit({ op: 'ping' }, () => {});
      this.#schedulePing();
    });
  }

  /**
   * Disconnected once the server has been silent for the read timeout (two thirds of the session timeout),
   * which leaves a third of it to reconnect before the server would expire the session.
   */
  #armWatchdog(conn: ClientConnection, delayMs: number): void {
    conn.watchdog = this.#ctx.setTimer(Math.max(1, delayMs), () => {
      if (this.#conn !== conn) return;
      const left = this.#lastHeardMs + this.#readTimeoutMs - this.#ctx.now();
      if (left <= 0) this.#connectionLost();
      else this.#armWatchdog(conn, left);
    });
  }

  /** The connection is gone (timeout, gap, or the server closed it): fail what is in flight, reconnect. */
  #connectionLost(): void {
    const conn = this.#conn;
    if (conn === null || this.#state === 'CLOSED') return;
    conn.pingTimer?.cancel();
    conn.watchdog?.cancel();
    this.#conn = null;
    // A lost connection may be the server closing an expired session (it does so at once on a forced expiry):
    // nothing confirms the session until a reconnect does.
    this.#sessionConfirmedMs = Number.NEGATIVE_INFINITY;
    if (this.#state === 'CLOSING') return this.#shutdown('Closed', 'SessionExpired', [...conn.pending.values()]);
    // State first: a callback that issues a new operation must find it queued, not sent on a dead connection.
    this.#state = 'CONNECTING';
    this.#failAll([...conn.pending.values()], 'ConnectionLoss');
    this.#notifyState('Disconnected');
    this.#connect();
  }

  /** The end: Expired (the session is gone) or Closed (by us). Nothing is sent or heard after this. */
  #shutdown(state: 'Expired' | 'Closed', code: KeeperErrorCode, orphans: readonly PendingOp[] = []): void {
    if (this.#state === 'CLOSED') return;
    const conn = this.#conn;
    conn?.pingTimer?.cancel();
    conn?.watchdog?.cancel();
    this.#conn = null;
    this.#state = 'CLOSED';
    this.#expired = state === 'Expired';
    this.#watches.data.clear();
    this.#watches.exist.clear();
    this.#watches.child.clear();
    this.#failAll([...orphans, ...(conn?.pending.values() ?? []), ...this.#drainQueued()], code);
    this.#notifyState(state);
  }

  // ---- requests and messages -----------------------------------------------------------------------------

  #submit(op: Op, callback: (result: OpResult) => void): void {
    if (this.#state === 'CLOSED' || this.#state === 'CLOSING') {
      // Like ZooKeeper's conLossPacket on a closed handle; deferred so a callback never runs inside the call.
      this.#ctx.setTimer(0, () => callback({ ok: false, code: 'SessionExpired' }));
    } else if (this.#state === 'CONNECTING') {
      this.#queued.push({ op, callback });
    } else {
      this.#transmit(op, callback);
    }
  }

  #transmit(op: Op, callback: (result: OpResult) => void): void {
    const conn = this.#conn;
    if (conn === null) throw new Error('ZooKeeperClient invariant: transmit without a connection');
    const seq = conn.nextSeq++;
    conn.pending.set(seq, { op, callback });
    const request: ZkRequest = { sessionId: this.#sessionId, connId: conn.id, seq, body: op };
    const sentMs = this.#ctx.now();
    this.#network.call<ServerMessage>(this.#ctx, this.#server, ZK_SERVICE, 'request', request, this.#readTimeoutMs, (r) => {
      if (this.#conn !== conn) return; // that connection is gone; its operations already failed
      if (!r.ok) return this.#connectionLost();
      this.#onMessage(r.value, seq, sentMs);
    });
  }

  /** Responses (with the request they answer) and notifications, in the server's one sequence. */
  #onMessage(message: ServerMessage, requestSeq?: number, requestSentMs?: number): void {
    if (this.#state === 'CLOSED' || message.sessionId !== this.#sessionId) return;
    if (message.kind === 'expired') return this.#shutdown('Expired', 'SessionExpired');
    const conn = this.#conn;
    if (conn === null || message.connId !== conn.id) return;
    if (message.seq !== conn.expectedIn) return this.#connectionLost();
    conn.expectedIn++;
    this.#lastHeardMs = this.#ctx.now();
    this.#lastZxid = Math.max(this.#lastZxid, message.zxid);
    if (message.kind === 'closing') return this.#connectionLost();
    if (message.kind === 'event') {
      this.#consumeWatch(message.type, message.path);
      this.#options.watcher({ type: message.type, state: 'SyncConnected', path: message.path });
      return;
    }
    if (requestSeq === undefined) throw new Error('ZooKeeperClient invariant: a response arrived as a notification');
    const first = conn.pending.keys().next();
    if (first.done === true || first.value !== requestSeq) throw new Error(`ZooKeeperClient invariant: response to ${requestSeq} out of order`);
    const pending = conn.pending.get(requestSeq) as PendingOp;
    conn.pending.delete(requestSeq);
    if (requestSentMs !== undefined) this.#sessionConfirmedMs = Math.max(this.#sessionConfirmedMs, requestSentMs);
    if (message.result.ok) this.#registerWatch(pending.op, message.result.value);
    pending.callback(message.result);
  }

  /** The client's copy of its watches (ZKWatchManager), re-sent on reconnect. */
  #registerWatch(op: Op, value: unknown): void {
    if (op.op === 'exists' && op.watch) (value === null ? this.#watches.exist : this.#watches.data).add(op.path);
    else if (op.op === 'getData' && op.watch) this.#watches.data.add(op.path);
    else if (op.op === 'getChildren' && op.watch) this.#watches.child.add(op.path);
  }

  #consumeWatch(type: WatchedEvent['type'], path: string): void {
    if (type === 'NodeCreated' || type === 'NodeDataChanged' || type === 'NodeDeleted') {
      this.#watches.data.delete(path);
      this.#watches.exist.delete(path);
    }
    if (type === 'NodeChildrenChanged' || type === 'NodeDeleted') this.#watches.child.delete(path);
  }

  #drainQueued(): PendingOp[] {
    const q = this.#queued;
    this.#queued = [];
    return q;
  }

  #failAll(ops: readonly PendingOp[], code: KeeperErrorCode): void {
    for (const p of ops) p.callback({ ok: false, code });
  }

  #notifyState(state: KeeperState): void {
    this.#options.trace?.emit('zk.client.state', { process: this.#ctx.id, session: this.#sessionId, state });
    this.#options.watcher({ type: 'None', state, path: null });
  }

  /** True once the session expired (as opposed to being closed by its owner). */
  get expired(): boolean {
    return this.#expired;
  }
}

function encode(data: unknown): string {
  return JSON.stringify(data ?? null);
}
