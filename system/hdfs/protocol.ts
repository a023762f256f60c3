/**
 * HDFS's vocabulary (the exceptions HBase sees, FileStatus, lease holders) and the messages between
 * HdfsClient and the simulated NameNode+DataNodes. Method names follow ClientProtocol where one exists.
 */

/** The Java exception a real DFSClient would throw, by simple name. */
export type HdfsErrorCode =
  | 'FileNotFoundException'
  | 'FileAlreadyExistsException'
  | 'ParentNotDirectoryException'
  | 'PathIsNotEmptyDirectoryException'
  /** create() of a file another writer holds open. */
  | 'AlreadyBeingCreatedException'
  /** The writer's lease was recovered (or it never held one): it is fenced. */
  | 'LeaseExpiredException'
  /** Write to a stream after close or after it was fenced. */
  | 'ClosedChannelException'
  | 'InvalidPathException'
  /** A sync that failed (injected fault) or an impossible request; the stream may be retried. */
  | 'IOException'
  /** The RPC got no answer in time: the outcome is unknown. */
  | 'SocketTimeoutException';

export type HdfsResult<T> = { ok: true; value: T } | { ok: false; error: HdfsErrorCode; message: string };

export interface FileStatus {
  path: string;
  isDirectory: boolean;
  /** Durable (synced) records; 0 for a directory. */
  length: number;
  /** Open for write and not yet closed or recovered. */
  underConstruction: boolean;
  /** The inode id: stable across renames. 0 for a directory. */
  fileId: number;
}

export interface CreateOptions {
  /** false: fail with FileNotFoundException when the parent directory is missing. Default true. */
  createParent?: boolean;
  /** Replace an existing closed file. Default false. */
  overwrite?: boolean;
}

export const HDFS_SERVICE = 'hdfs';
export const DEFAULT_HDFS_PROCESS = 'hdfs';

/** Who holds a lease: the DFSClient name, and the process incarnation behind it (for traces and faults). */
export interface LeaseHolder {
  clientName: string;
  process: string;
  incarnation: number;
}

// ---- requests ---------------------------------------------------------------------------------------------

export interface CreateRequest {
  path: string;
  createParent: boolean;
  overwrite: boolean;
  holder: LeaseHolder;
}

export interface CreateResponse {
  fileId: number;
  /** Identifies this open-for-write: every sync must carry it; lease recovery invalidates it. */
  writerId: number;
}

/**
 * Make records durable. The client re-sends everything not yet acknowledged, starting at `offset` (its count
 * of acknowledged records), so a retry after a lost reply or a failed sync neither loses nor duplicates.
 */
export interface SyncRequest {
  fileId: number;
  writerId: number;
  /** The writer, as it believes itself to be (for traces of a fenced writer). */
  holder: LeaseHolder;
  offset: number;
  /** Each record, deep-frozen (see freezeRecord). The writer never changes this array once it is sent. */
  records: readonly HdfsRecord[];
  /** `complete`: close the file after the records are durable. */
  close: boolean;
}

export type HdfsRequest =
  | { method: 'mkdirs'; path: string }
  | ({ method: 'create' } & CreateRequest)
  | ({ method: 'sync' } & SyncRequest)
  | { method: 'rename'; src: string; dst: string }
  | { method: 'delete'; path: string; recursive: boolean }
  | { method: 'getListing'; path: string }
  | { method: 'getFileInfo'; path: string }
  | { method: 'read'; path: string }
  | { method: 'recoverLease'; path: string; holder: LeaseHolder }
  | { method: 'isFileClosed'; path: string };

export type HdfsReply = HdfsResult<unknown>;

// ---- records ----------------------------------------------------------------------------------------------

/**
 * A record in a file: a JSON value, deep-frozen. Records used to be stored as JSON text, which copied each one
 * at write and again at every read (a large share of a run's time); they are stored as the values themselves
 * now, frozen so that neither the writer (after write) nor a reader can change what the file holds — either
 * throws instead. A record must therefore be JSON-clean (what JSON text would have turned it into is the same
 * value), or readers would see something the text never held.
 */
export type HdfsRecord = unknown;

/** Freeze a record and everything reachable from it; returns it. A frozen object's contents are frozen already. */
export function freezeRecord<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  // Every record is frozen on its way into a file, and most of what it holds is strings and numbers: those are
  // skipped here rather than by a call each.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) freezeRecord(item);
    }
  } else {
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) freezeRecord(item);
    }
  }
  return Object.freeze(value);
}
