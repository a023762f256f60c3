/**
 * Applies a conformance sequence to a real ZooKeeper through node-zookeeper-client. Each sequence gets a fresh
 * root (so sequences share the server and stay independent) and its own sessions, closed at its end.
 *
 * Watch notifications are recorded as the server sends them (one per notification, before the client's
 * per-path watcher bookkeeping fans them out). After every operation each live session makes one read (a
 * barrier): ZooKeeper queues a notification on a watcher's connection before it answers anything that
 * connection sends later, so every notification an operation caused is recorded before the next operation.
 */
import zookeeper, { type Client, type Exception, type Stat, type TransactionResult } from 'node-zookeeper-client';
import type { CreateMode } from '../../../system/zookeeper/protocol.ts';
import { MORTAL_TIMEOUT_MS, SESSION_TIMEOUT_MS, type MultiOp, type ZkOp, type ZkSequence } from './ops.ts';
import { absolute, relative, type Entry, type MultiItem, type Outcome, type RawTrace, type StatView, type TreeNode, type Value } from './trace.ts';

const WAIT_MS = 10_000;
/** A JVM that has just opened its port may still be starting its server, slowly on a loaded machine. */
const STARTUP_WAIT_MS = 150_000;
const EVENT_TYPES: Record<number, string> = { 1: 'NodeCreated', 2: 'NodeDeleted', 3: 'NodeDataChanged', 4: 'NodeChildrenChanged' };
/** KeeperException.Code numbers, named as system/zookeeper/protocol.ts names them. */
const CODES: Record<number, string> = {
  0: 'ok', [-2]: 'RuntimeInconsistency', [-4]: 'ConnectionLoss', [-8]: 'BadArguments', [-101]: 'NoNode', [-103]: 'BadVersion',
  [-108]: 'NoChildrenForEphemerals', [-110]: 'NodeExists', [-111]: 'NotEmpty', [-112]: 'SessionExpired',
};
const OP_CREATE = 1;
const OP_SET_DATA = 5;
const noWatch = () => {};

interface RealSession {
  client: Client;
  log: Entry[];
  live: boolean;
  expired: Promise<void>;
}

let sequenceNumber = 0;

/** The adapter's own session, open for the whole file: makes each sequence's root and reads the tree at its end. */
export async function connectControl(connectString: string): Promise<Client> {
  // A fresh client per attempt: one whose first handshake reached a server still starting can wait for ever
  // (in two loaded full runs a single client waited past 60 s, then past 150 s, without connecting).
  const deadline = Date.now() + STARTUP_WAIT_MS;
  for (;;) {
    try {
      return await connect(connectString, SESSION_TIMEOUT_MS, WAIT_MS);
    } catch (e) {
      if (Date.now() >= deadline) throw e;
    }
  }
}

export async function runOnReal(ctl: Client, connectString: string, seq: ZkSequence): Promise<RawTrace> {
  const root = `/c${++sequenceNumber}`;
  await call<string>((cb) => ctl.create(root, Buffer.from(''), zookeeper.ACL.OPEN_ACL_UNSAFE, zookeeper.CreateMode.PERSISTENT, cb));
  const sessions: RealSession[] = [];
  const during = { op: -1 };
  try {
    for (let i = 0; i < seq.sessions; i++) sessions.push(await open(connectString, root, i === seq.mortal ? MORTAL_TIMEOUT_MS : SESSION_TIMEOUT_MS, during));
    const names = new Map<string, string>([[ctl.getSessionId().toString('hex'), 'ctl'], ...sessions.map((s, i) => [s.client.getSessionId().toString('hex'), `s${i}`] as const)]);
    const view = (stat: Stat) => statView(stat, names);
    for (const [i, op] of seq.ops.entries()) {
      during.op = i;
      const session = sessions[op.s];
      if (session === undefined) throw new Error(`no session s${op.s}`);
      if (op.kind === 'expire') await expire(session);
      else session.log.push({ kind: 'result', op: i, outcome: await apply(session, root, op, view) });
      await barrier(sessions, root);
    }
    for (const [i, s] of sessions.entries()) {
      during.op = seq.ops.length + i;
      if (s.live) await close(s);
      await barrier(sessions, root);
    }
    return { sessions: sessions.map((s) => s.log), tree: await dump(ctl, root, view) };
  } finally {
    for (const s of sessions) s.client.close();
  }
}

function connect(connectString: string, sessionTimeout: number, waitMs = WAIT_MS): Promise<Client> {
  const client = zookeeper.createClient(connectString, { sessionTimeout, spinDelay: 50, retries: 0 });
  const connected = within(new Promise<void>((resolve) => client.once('connected', () => resolve())), 'connect', waitMs).catch((e: unknown) => {
    client.close();
    throw e;
  });
  client.connect();
  return connected.then(() => client);
}

/** `during` is the operation the sequence is applying now (shared by its sessions), to place each notification. */
async function open(connectString: string, root: string, timeoutMs: number, during: { op: number }): Promise<RealSession> {
  const client = await connect(connectString, timeoutMs);
  const session: RealSession = { client, log: [], live: true, expired: Promise.resolve() };
  session.expired = new Promise<void>((resolve) =>
    client.once('expired', () => {
      session.log.push({ kind: 'state', state: 'Expired' });
      resolve();
    }),
  );
  // The raw notification, before node-zookeeper-client fans it out to per-path watcher functions.
  const manager = (client as unknown as { connectionManager: { watcherManager: { emit(e: { type: number; path: string }): void } } }).connectionManager.watcherManager;
  const emit = manager.emit.bind(manager);
  manager.emit = (e) => {
    session.log.push({ kind: 'event', type: EVENT_TYPES[e.type] ?? `type${e.type}`, path: relative(root, e.path), during: during.op });
    emit(e);
  };
  return session;
}

/** The client stops heart-beating (its bytes go nowhere) until the server expires the session and drops the connection. */
async function expire(session: RealSession): Promise<void> {
  const socket = (session.client as unknown as { connectionManager: { socket: { write: () => boolean } } }).connectionManager.socket;
  socket.write = () => true;
  session.live = false;
  await within(session.expired, 'session expiry');
}

async function close(session: RealSession): Promise<void> {
  session.live = false;
  const closed = new Promise<void>((resolve) => session.client.once('disconnected', () => resolve()));
  session.client.close();
  await within(closed, 'close');
}

async function barrier(sessions: RealSession[], root: string): Promise<void> {
  await Promise.all(sessions.filter((s) => s.live).map((s) => call<Stat | null>((cb) => s.client.exists(root, undefined, cb)).catch(() => null)));
}

async function apply(session: RealSession, root: string, op: Exclude<ZkOp, { kind: 'expire' }>, view: (s: Stat) => StatView): Promise<Outcome> {
  const zk = session.client;
  const path = 'path' in op ? absolute(root, op.path) : '';
  const watcher = 'watch' in op && op.watch ? noWatch : undefined;
  switch (op.kind) {
    case 'create':
      return outcome(call<string>((cb) => zk.create(path, Buffer.from(op.data), zookeeper.ACL.OPEN_ACL_UNSAFE, createMode(op.mode), cb)), (p) => relative(root, p));
    case 'delete':
      return outcome(call<void>((cb) => zk.remove(path, op.version, (e) => cb(e, undefined))), () => null);
    case 'setData':
      return outcome(call<Stat>((cb) => zk.setData(path, Buffer.from(op.data), op.version, cb)), view);
    case 'getData':
      return outcome(call<{ data: Buffer | null; stat: Stat }>((cb) => zk.getData(path, watcher, (e, data, stat) => cb(e, { data, stat }))), (v) => ({ data: v.data?.toString() ?? '', stat: view(v.stat) }));
    case 'exists':
      return outcome(call<Stat | null>((cb) => zk.exists(path, watcher, cb)), (s) => (s === null ? null : view(s)));
    case 'getChildren':
      return outcome(call<string[]>((cb) => zk.getChildren(path, watcher, cb)), (c) => c);
    case 'multi':
      return multi(zk, root, op.ops, view);
    case 'close':
      await close(session);
      return { ok: true, value: null };
  }
}

function multi(zk: Client, root: string, ops: MultiOp[], view: (s: Stat) => StatView): Promise<Outcome> {
  let t = zk.transaction();
  for (const op of ops) {
    const path = absolute(root, op.path);
    if (op.kind === 'create') t = t.create(path, Buffer.from(op.data), zookeeper.ACL.OPEN_ACL_UNSAFE, createMode(op.mode));
    else if (op.kind === 'delete') t = t.remove(path, op.version);
    else if (op.kind === 'setData') t = t.setData(path, Buffer.from(op.data), op.version);
    else t = t.check(path, op.version);
  }
  // node-zookeeper-client's Transaction turns version 0 into -1 (`version || -1`): put the versions back.
  const queued = (t as unknown as { ops: { version?: number }[] }).ops;
  ops.forEach((op, i) => {
    const q = queued[i];
    if (q !== undefined && 'version' in op) q.version = op.version;
  });
  return within(
    new Promise<Outcome>((resolve) =>
      t.commit((error, results) => {
        if (error === null) return resolve({ ok: true, value: results.map((r) => multiItem(r, root, view)) });
        if (results === undefined) return resolve({ ok: false, code: codeOf(error) });
        resolve({ ok: false, code: codeOf(error), results: results.map((r) => CODES[r.err ?? 0] ?? `code${r.err}`) });
      }),
    ),
    'multi',
  );
}

function multiItem(r: TransactionResult, root: string, view: (s: Stat) => StatView): MultiItem {
  if (r.type === OP_CREATE) return { ok: true, value: relative(root, r.path ?? '') };
  if (r.type === OP_SET_DATA && r.stat !== undefined) return { ok: true, value: view(r.stat) };
  return { ok: true, value: null };
}

async function dump(ctl: Client, root: string, view: (s: Stat) => StatView): Promise<TreeNode[]> {
  const nodes: TreeNode[] = [];
  const pending = [root];
  for (let path = pending.shift(); path !== undefined; path = pending.shift()) {
    const p = path;
    const { data, stat } = await call<{ data: Buffer | null; stat: Stat }>((cb) => ctl.getData(p, undefined, (e, d, s) => cb(e, { data: d, stat: s })));
    nodes.push({ path: relative(root, p), data: data?.toString() ?? '', stat: view(stat) });
    const children = await call<string[]>((cb) => ctl.getChildren(p, undefined, cb));
    pending.push(...children.map((c) => `${p}/${c}`));
  }
  return nodes;
}

function createMode(mode: CreateMode): number {
  return zookeeper.CreateMode[mode];
}

function statView(stat: Stat, names: Map<string, string>): StatView {
  const owner = stat.ephemeralOwner.toString('hex');
  return {
    czxid: stat.czxid.readBigInt64BE(0),
    mzxid: stat.mzxid.readBigInt64BE(0),
    pzxid: stat.pzxid.readBigInt64BE(0),
    version: stat.version,
    cversion: stat.cversion,
    numChildren: stat.numChildren,
    ephemeralOwner: /^0+$/.test(owner) ? 'none' : (names.get(owner) ?? `?${owner}`),
  };
}

function codeOf(error: Exception): string {
  return CODES[error.getCode()] ?? `code${error.getCode()}`;
}

function call<T>(start: (cb: (error: Exception | null, value: T) => void) => void): Promise<T> {
  return within(new Promise<T>((resolve, reject) => start((error, value) => (error === null || error === undefined ? resolve(value) : reject(error)))), 'operation');
}

async function outcome<T>(result: Promise<T>, f: (v: T) => Value): Promise<Outcome> {
  try {
    return { ok: true, value: f(await result) };
  } catch (e) {
    if (typeof (e as Exception).getCode !== 'function') throw e;
    return { ok: false, code: codeOf(e as Exception) };
  }
}

function within<T>(promise: Promise<T>, what: string, waitMs = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`real ZooKeeper: ${what} took over ${waitMs} ms`)), waitMs)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
