/**
 * The znode tree of the ensemble (ZooKeeper's DataTree): znodes with Stat, ephemerals indexed by their session,
 * sequential names from the parent's cversion. Every mutation takes the next zxid and reports which watch
 * events it causes; the server decides whom to tell.
 *
 * Data is kept as a JSON string — ZooKeeper stores bytes, and a string cannot be changed behind the tree's
 * back by a caller that kept a reference.
 */
import type { CreateMode, KeeperErrorCode, MultiOp, MultiOpResult, MultiResult, NodeEventType, Stat, ZkResult } from './protocol.ts';
import { isEphemeral, isSequential } from './protocol.ts';

export interface NodeEvent {
  type: NodeEventType;
  path: string;
}

interface DataNode {
  data: string;
  stat: Stat;
  children: Set<string>;
  /**
   * How many children were ever created here: ZooKeeper's stored cversion, which names sequential children. The
   * cversion clients see also counts deletes (DataNode.copyStat reports 2 × stored − numChildren).
   */
  childCreates: number;
}

export interface Mutation<T> {
  value: T;
  zxid: number;
  events: NodeEvent[];
}

export type MutationResult<T> = { ok: true; value: Mutation<T> } | { ok: false; code: KeeperErrorCode };

export type MultiMutationResult = { ok: true; value: Mutation<MultiOpResult[]> } | Extract<MultiResult, { ok: false }>;

interface Snapshot {
  nodes: [string, DataNode][];
  ephemerals: [number, Set<string>][];
  zxid: number;
}

export class DataTree {
  readonly #nodes = new Map<string, DataNode>();
  readonly #ephemerals = new Map<number, Set<string>>();
  /** The last zxid handed out: every message the server sends carries it. */
  #zxid = 0;
  /** While one transaction changes several znodes (a multi, a session's end), the one zxid they all carry. */
  #txnZxid: number | null = null;

  constructor() {
    this.#nodes.set('/', { data: 'null', stat: newStat(0, 0, 0), children: new Set(), childCreates: 0 });
  }

  get lastZxid(): number {
    return this.#zxid;
  }

  /** Non-tree transactions (session create/close) also consume a zxid, as in ZooKeeper. */
  nextZxid(): number {
    return ++this.#zxid;
  }

  create(path: string, data: string, mode: CreateMode, sessionId: number, time: number): MutationResult<string> {
    if (!validPath(path) || path === '/') return fail('BadArguments');
    const parentPath = parentOf(path);
    const parent = this.#nodes.get(parentPath);
    if (parent === undefined) return fail('NoNode');
    if (parent.stat.ephemeralOwner !== 0) return fail('NoChildrenForEphemerals');
    // The sequence number is the parent's stored cversion before this create (children created so far, not
    // counting deletes: PrepRequestProcessor.pRequest2TxnCreate), zero-padded to 10 digits.
    const actual = isSequential(mode) ? path + String(parent.childCreates).padStart(10, '0') : path;
    if (this.#nodes.has(actual)) return fail('NodeExists');
    const zxid = this.#txnZxid ?? this.nextZxid();
    const owner = isEphemeral(mode) ? sessionId : 0;
    const stat = newStat(zxid, time, owner);
    this.#nodes.set(actual, { data, stat, children: new Set(), childCreates: 0 });
    parent.children.add(baseName(actual));
    parent.childCreates++;
    parent.stat.cversion++;
    parent.stat.pzxid = zxid;
    parent.stat.numChildren = parent.children.size;
    if (owner !== 0) {
      let mine = this.#ephemerals.get(owner);
      if (mine === undefined) this.#ephemerals.set(owner, (mine = new Set()));
      mine.add(actual);
    }
    return ok(actual, zxid, [
      { type: 'NodeCreated', path: actual },
      { type: 'NodeChildrenChanged', path: parentPath },
    ]);
  }

  /** `version` -1 matches any version. */
  delete(path: string, version: number): MutationResult<null> {
    if (!validPath(path) || path === '/') return fail('BadArguments');
    const node = this.#nodes.get(path);
    if (node === undefined) return fail('NoNode');
    if (version !== -1 && version !== node.stat.version) return fail('BadVersion');
    if (node.children.size > 0) return fail('NotEmpty');
    const zxid = this.#txnZxid ?? this.nextZxid();
    this.#nodes.delete(path);
    const parentPath = parentOf(path);
    const parent = this.#nodes.get(parentPath);
    if (parent === undefined) throw new Error(`DataTree invariant: ${path} had no parent`);
    parent.children.delete(baseName(path));
    parent.stat.cversion++;
    parent.stat.pzxid = zxid;
    parent.stat.numChildren = parent.children.size;
    const owner = node.stat.ephemeralOwner;
    if (owner !== 0) this.#ephemerals.get(owner)?.delete(path);
    return ok(null, zxid, [
      { type: 'NodeDeleted', path },
      { type: 'NodeChildrenChanged', path: parentPath },
    ]);
  }

  setData(path: string, data: string, version: number, time: number): MutationResult<Stat> {
    if (!validPath(path)) return fail('BadArguments');
    const node = this.#nodes.get(path);
    if (node === undefined) return fail('NoNode');
    if (version !== -1 && version !== node.stat.version) return fail('BadVersion');
    const zxid = this.#txnZxid ?? this.nextZxid();
    node.data = data;
    node.stat.version++;
    node.stat.mzxid = zxid;
    node.stat.mtime = time;
    return ok({ ...node.stat }, zxid, [{ type: 'NodeDataChanged', path }]);
  }

  /**
   * ZooKeeper's multi: the operations apply in order, each seeing the ones before it, as one transaction with
   * one zxid — or, if one fails, none applies (PrepRequestProcessor rolls back its pending changes) and the
   * answer names the failing one.
   */
  multi(ops: readonly MultiOp[], sessionId: number, time: number): MultiMutationResult {
    const before = this.#snapshot();
    const zxid = this.nextZxid();
    this.#txnZxid = zxid;
    const values: MultiOpResult[] = [];
    const events: NodeEvent[] = [];
    try {
      for (const [i, op] of ops.entries()) {
        const r = this.#applyMultiOp(op, sessionId, time);
        if (!r.ok) {
          this.#restore(before);
          return { ok: false, code: r.code, results: ops.map((_, j) => (j < i ? 'ok' : j === i ? r.code : 'RuntimeInconsistency')) };
        }
        values.push(r.value.value);
        events.push(...r.value.events);
      }
    } finally {
      this.#txnZxid = null;
    }
    return ok(values, zxid, events);
  }

  #applyMultiOp(op: MultiOp, sessionId: number, time: number): MutationResult<MultiOpResult> {
    switch (op.op) {
      case 'create':
        return this.create(op.path, op.data, op.mode, sessionId, time);
      case 'delete':
        return this.delete(op.path, op.version);
      case 'setData':
        return this.setData(op.path, op.data, op.version, time);
      case 'check':
        return this.#check(op.path, op.version);
    }
  }

  /** Op.check: the node exists at this version (-1: any); changes nothing. */
  #check(path: string, version: number): MutationResult<null> {
    if (!validPath(path)) return fail('BadArguments');
    const node = this.#nodes.get(path);
    if (node === undefined) return fail('NoNode');
    if (version !== -1 && version !== node.stat.version) return fail('BadVersion');
    return ok(null, this.#zxid, []);
  }

  #snapshot(): Snapshot {
    return {
      nodes: [...this.#nodes].map(([path, n]) => [path, { data: n.data, stat: { ...n.stat }, children: new Set(n.children), childCreates: n.childCreates }]),
      ephemerals: [...this.#ephemerals].map(([session, paths]) => [session, new Set(paths)]),
      zxid: this.#zxid,
    };
  }

  /** Back to a snapshot, in its insertion orders, so a failed multi leaves no trace (not even a zxid). */
  #restore(snapshot: Snapshot): void {
    this.#nodes.clear();
    for (const [path, node] of snapshot.nodes) this.#nodes.set(path, node);
    this.#ephemerals.clear();
    for (const [session, paths] of snapshot.ephemerals) this.#ephemerals.set(session, paths);
    this.#zxid = snapshot.zxid;
  }

  getData(path: string): ZkResult<{ data: string; stat: Stat }> {
    if (!validPath(path)) return fail('BadArguments');
    const node = this.#nodes.get(path);
    if (node === undefined) return fail('NoNode');
    return { ok: true, value: { data: node.data, stat: { ...node.stat } } };
  }

  /** Children's names, sorted (ZooKeeper itself returns them unordered; sorted keeps runs deterministic). */
  getChildren(path: string): ZkResult<string[]> {
    if (!validPath(path)) return fail('BadArguments');
    const node = this.#nodes.get(path);
    if (node === undefined) return fail('NoNode');
    return { ok: true, value: [...node.children].sort() };
  }

  stat(path: string): Stat | null {
    const node = this.#nodes.get(path);
    return node === undefined ? null : { ...node.stat };
  }

  /** The session's ephemeral znodes, sorted. */
  ephemeralsOf(sessionId: number): string[] {
    return [...(this.#ephemerals.get(sessionId) ?? [])].sort();
  }

  /**
   * DataTree.killSession: the session's ephemerals (in sorted order) go in the one transaction that ends the
   * session, all with its zxid.
   */
  killSession(sessionId: number): Mutation<string[]> {
    const paths = this.ephemeralsOf(sessionId);
    const zxid = this.nextZxid();
    const events: NodeEvent[] = [];
    this.#txnZxid = zxid;
    try {
      for (const path of paths) {
        const r = this.delete(path, -1);
        if (!r.ok) throw new Error(`DataTree invariant: ephemeral ${path} of session ${sessionId} could not be deleted (${r.code})`);
        events.push(...r.value.events);
      }
    } finally {
      this.#txnZxid = null;
    }
    this.#ephemerals.delete(sessionId);
    return { value: paths, zxid, events };
  }

  /** Every path, sorted: for tests and dumps. */
  paths(): string[] {
    return [...this.#nodes.keys()].sort();
  }
}

export function validPath(path: string): boolean {
  if (path === '/') return true;
  if (!path.startsWith('/') || path.endsWith('/')) return false;
  return path
    .slice(1)
    .split('/')
    .every((part) => part !== '' && part !== '.' && part !== '..');
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function newStat(zxid: number, time: number, ephemeralOwner: number): Stat {
  return { czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: time, mtime: time, version: 0, cversion: 0, ephemeralOwner, numChildren: 0 };
}

function fail(code: KeeperErrorCode): { ok: false; code: KeeperErrorCode } {
  return { ok: false, code };
}

function ok<T>(value: T, zxid: number, events: NodeEvent[]): { ok: true; value: Mutation<T> } {
  return { ok: true, value: { value, zxid, events } };
}
