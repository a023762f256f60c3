/**
 * What HBase processes need from ZooKeeper and HDFS, in HBase's own terms — the role ZKWatcher /
 * RecoverableZooKeeper and HBase's FileSystem wrappers play in HBase. Masters and RegionServers see only
 * these; `system/hbase/adapters.ts` binds them to the simulated ZooKeeper and HDFS clients.
 *
 * Every callback runs in the owning process's incarnation (or never, if it crashed).
 */

export type ZkEvent =
  | { type: 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged'; path: string }
  | { type: 'SyncConnected' | 'Disconnected' | 'Expired' };

export interface ZkResult<T> {
  /** 'ok', or the KeeperException code name (NodeExists, NoNode, BadVersion, NotEmpty, SessionExpired, ConnectionLoss…). */
  code: string;
  value?: T;
}

export interface ZnodeData {
  data: unknown;
  /** The zxid that created the znode: monotonic across the ensemble, so usable as a fencing token. */
  czxid: number;
  version: number;
}

export interface ZKWatcher {
  /** Listen to watch events and connection state changes. */
  onEvent(listener: (event: ZkEvent) => void): void;
  create(path: string, data: unknown, mode: 'PERSISTENT' | 'EPHEMERAL', done: (result: ZkResult<string>) => void): void;
  /** `version` (default -1, any): a delete guarded by the znode's version (ZKUtil.deleteNode(zkw, node, version)). */
  delete(path: string, done: (result: ZkResult<void>) => void, version?: number): void;
  getData(path: string, watch: boolean, done: (result: ZkResult<ZnodeData>) => void): void;
  /**
   * `version` (default -1, any): a write guarded by the znode's version — the compare-and-set ZKAssign's
   * transitions are made of (BadVersion when another write came first). The value is the znode's new version.
   */
  setData(path: string, data: unknown, done: (result: ZkResult<number>) => void, version?: number): void;
  exists(path: string, watch: boolean, done: (result: ZkResult<boolean>) => void): void;
  getChildren(path: string, watch: boolean, done: (result: ZkResult<string[]>) => void): void;
  /** Virtual time (of this process's clock) when the session was last known alive: see ZooKeeperClient.sessionConfirmedMs. */
  sessionConfirmedMs(): number;
  /** True once the session is known to be expired: the watcher is dead for good. */
  readonly expired: boolean;
}

export interface FsResult<T> {
  /** 'ok', or an HDFS-like error (FileNotFoundException, FileAlreadyExistsException, LeaseExpiredException, IOException…). */
  code: string;
  value?: T;
}

/** An open file being written by this process (a WAL, a procedure log). */
export interface FsWriter {
  readonly path: string;
  /** Append records and hsync them; ok only once they are durable. */
  appendAndSync(records: readonly unknown[], done: (result: FsResult<void>) => void): void;
  close(done: (result: FsResult<void>) => void): void;
}

export interface FileSystemPort {
  mkdirs(path: string, done: (result: FsResult<void>) => void): void;
  /** createParent=false fails when the directory is gone (a renamed WAL dir fences a zombie's roll). */
  create(path: string, options: { createParent: boolean; overwrite: boolean }, done: (result: FsResult<FsWriter>) => void): void;
  /** All durable records of a file. */
  read(path: string, done: (result: FsResult<unknown[]>) => void): void;
  /** Names (not paths) of a directory's children, sorted. */
  list(path: string, done: (result: FsResult<string[]>) => void): void;
  exists(path: string, done: (result: FsResult<boolean>) => void): void;
  rename(from: string, to: string, done: (result: FsResult<void>) => void): void;
  delete(path: string, recursive: boolean, done: (result: FsResult<void>) => void): void;
  /**
   * Close the file and revoke its writer's lease, the old writer's next sync then fails (RecoverLeaseFSUtils.
   * recoverFileLease: waits and retries; value false when it gave up after hbase.lease.recovery.timeout).
   */
  recoverLease(path: string, done: (result: FsResult<boolean>) => void): void;
}
