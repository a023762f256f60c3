/**
 * ZooKeeper's vocabulary (KeeperException codes, CreateMode, Stat, WatchedEvent) and the messages the simulated
 * client and server exchange. Names follow org.apache.zookeeper so HBase code reads as HBase's does.
 */

/** KeeperException.Code, the ones the model produces. */
export type KeeperErrorCode =
  | 'ConnectionLoss'
  | 'NoNode'
  | 'NodeExists'
  | 'NotEmpty'
  | 'BadVersion'
  | 'NoChildrenForEphemerals'
  | 'SessionExpired'
  | 'BadArguments'
  /** A multi's operations after the one that failed it (they were never tried). */
  | 'RuntimeInconsistency';

export type ZkResult<T> = { ok: true; value: T } | { ok: false; code: KeeperErrorCode };

export type CreateMode = 'PERSISTENT' | 'PERSISTENT_SEQUENTIAL' | 'EPHEMERAL' | 'EPHEMERAL_SEQUENTIAL';

export function isEphemeral(mode: CreateMode): boolean {
  return mode === 'EPHEMERAL' || mode === 'EPHEMERAL_SEQUENTIAL';
}

export function isSequential(mode: CreateMode): boolean {
  return mode === 'PERSISTENT_SEQUENTIAL' || mode === 'EPHEMERAL_SEQUENTIAL';
}

/** org.apache.zookeeper.data.Stat, without ACL version and data length in bytes (data is JSON here). */
export interface Stat {
  czxid: number;
  mzxid: number;
  pzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  /** The owning session for an ephemeral znode, 0 otherwise. */
  ephemeralOwner: number;
  numChildren: number;
}

export type EventType = 'None' | 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged';
export type KeeperState = 'SyncConnected' | 'Disconnected' | 'Expired' | 'Closed';

/** What the client's watcher receives: a znode event (path set) or a connection-state change (type None). */
export type WatchedEvent =
  | { type: 'None'; state: KeeperState; path: null }
  | { type: Exclude<EventType, 'None'>; state: 'SyncConnected'; path: string };

export type NodeEventType = Exclude<EventType, 'None'>;

/** One operation of a multi (org.apache.zookeeper.Op): create, delete, setData, or a version check. */
export type MultiOp<D = string> =
  | { op: 'create'; path: string; data: D; mode: CreateMode }
  | { op: 'delete'; path: string; version: number }
  | { op: 'setData'; path: string; data: D; version: number }
  | { op: 'check'; path: string; version: number };

/** A successful multi answers each operation: the created path, setData's new Stat, null for delete and check. */
export type MultiOpResult = string | Stat | null;

/**
 * A failed multi changed nothing. Like ZooKeeper's KeeperException.getResults(): 'ok' for the operations before
 * the one that failed (undone), its code, then 'RuntimeInconsistency' for those after it. No results when the
 * multi never reached the server (ConnectionLoss, SessionExpired).
 */
export type MultiResult =
  | { ok: true; value: MultiOpResult[] }
  | { ok: false; code: KeeperErrorCode; results?: ('ok' | KeeperErrorCode)[] };

// ---- wire messages ---------------------------------------------------------------------------------------

export const ZK_SERVICE = 'zk';
export const DEFAULT_ZK_PROCESS = 'zookeeper';
export const DEFAULT_WATCHER_SERVICE = 'zk.watcher';

/** Paths whose watches the client still holds; re-sent on every reconnect as ZooKeeper's SetWatches. */
export interface WatchSet {
  data: string[];
  exist: string[];
  child: string[];
}

export interface ConnectRequest {
  /** 0 asks for a new session. */
  sessionId: number;
  timeoutMs: number;
  /** Highest zxid the client has seen: changes after it that hit a re-sent watch fire at once. */
  lastZxid: number;
  watcherService: string;
  /** The client's incarnation, so a restarted process is never mistaken for the old one. */
  incarnation: number;
  watches: WatchSet;
}

export type ConnectResponse =
  | { ok: true; sessionId: number; timeoutMs: number; connId: number; zxid: number }
  | { ok: false; code: 'SessionExpired' };

export type Op =
  | { op: 'ping' }
  | { op: 'create'; path: string; data: string; mode: CreateMode }
  | { op: 'delete'; path: string; version: number }
  | { op: 'exists'; path: string; watch: boolean }
  | { op: 'getData'; path: string; watch: boolean }
  | { op: 'setData'; path: string; data: string; version: number }
  | { op: 'getChildren'; path: string; watch: boolean }
  | { op: 'multi'; ops: MultiOp[] }
  | { op: 'closeSession' };

/**
 * Every request after connect travels on a numbered connection, as ZooKeeper's packets do on one socket. The
 * operation rides as it was submitted, wrapped rather than copied with the envelope's fields spread into it.
 */
export interface ZkRequest {
  sessionId: number;
  connId: number;
  seq: number;
  body: Op;
}

export type OpResult =
  | { ok: true; value: unknown }
  | { ok: false; code: KeeperErrorCode; results?: ('ok' | KeeperErrorCode)[] };

/**
 * Responses and notifications share one per-connection sequence, so the client notices a lost message the way
 * a broken TCP stream would be noticed, and reconnects (re-sending its watches) instead of missing an event.
 */
export type ServerMessage =
  | { kind: 'response'; sessionId: number; connId: number; seq: number; zxid: number; result: OpResult }
  | { kind: 'event'; sessionId: number; connId: number; seq: number; zxid: number; type: NodeEventType; path: string }
  /** The server closed the connection (its session was expired or closed): the client reconnects and learns. */
  | { kind: 'closing'; sessionId: number; connId: number; seq: number; zxid: number }
  /** Reply to a request on a session the server no longer knows. */
  | { kind: 'expired'; sessionId: number };
