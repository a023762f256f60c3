/**
 * HdfsClient: the DistributedFileSystem handle a simulated process holds, with a callback API. Each call is
 * one RPC to the `hdfs` process; no answer within `rpcTimeoutMs` ⇒ SocketTimeoutException (the outcome is
 * unknown: a create or rename may have happened). Nothing is retried here.
 *
 * The lease holder is `DFSClient_<process>_<incarnation>`: a restarted process is a new client and can no
 * longer write to the files its previous incarnation had open — it must recover their leases like anyone.
 */
import type { Network, RpcResult } from '../../harness/network.ts';
import type { ProcessContext, ProcessId } from '../../harness/scheduler.ts';
import type { CreateOptions, CreateResponse, FileStatus, HdfsErrorCode, HdfsReply, HdfsRequest, HdfsResult, LeaseHolder } from './protocol.ts';
import { DEFAULT_HDFS_PROCESS, HDFS_SERVICE } from './protocol.ts';
import { HdfsOutputStream } from './output-stream.ts';

export interface HdfsClientOptions {
  /** RPC timeout (dfs.client.socket-timeout, scaled down for scenarios). */
  rpcTimeoutMs: number;
  /** The HDFS process id (default `hdfs`). */
  server?: ProcessId;
}

export class HdfsClient {
  readonly holder: LeaseHolder;
  readonly #ctx: ProcessContext;
  readonly #network: Network;
  readonly #server: ProcessId;
  readonly #rpcTimeoutMs: number;

  constructor(ctx: ProcessContext, network: Network, options: HdfsClientOptions) {
    if (!(Number.isInteger(options.rpcTimeoutMs) && options.rpcTimeoutMs > 0)) throw new RangeError(`rpcTimeoutMs must be a positive integer, got ${options.rpcTimeoutMs}`);
    this.#ctx = ctx;
    this.#network = network;
    this.#server = options.server ?? DEFAULT_HDFS_PROCESS;
    this.#rpcTimeoutMs = options.rpcTimeoutMs;
    this.holder = { clientName: `DFSClient_${ctx.id}_${ctx.incarnation}`, process: ctx.id, incarnation: ctx.incarnation };
  }

  get clientName(): string {
    return this.holder.clientName;
  }

  /** Create missing directories; true on success (also when they existed). */
  mkdirs(path: string, callback: (result: HdfsResult<boolean>) => void): void {
    this.call({ method: 'mkdirs', path }, callback);
  }

  /**
   * Open a new file for write, taking its lease. `createParent` defaults to true; HBase passes false for WALs
   * so that a renamed WAL directory makes a zombie's roll fail. `overwrite` replaces an existing file, even one
   * still open (its writer is fenced, as by a delete); without it an open file is AlreadyBeingCreatedException.
   */
  create(path: string, options: CreateOptions, callback: (result: HdfsResult<HdfsOutputStream>) => void): void {
    const request: HdfsRequest = { method: 'create', path, createParent: options.createParent ?? true, overwrite: options.overwrite ?? false, holder: this.holder };
    this.call<CreateResponse>(request, (r) => callback(r.ok ? { ok: true, value: new HdfsOutputStream(this, path, r.value.fileId, r.value.writerId) } : r));
  }

  /** Rename a file or a directory (with everything under it); `dst` must not exist, its parent must. */
  rename(src: string, dst: string, callback: (result: HdfsResult<boolean>) => void): void {
    this.call({ method: 'rename', src, dst }, callback);
  }

  /** false when nothing was there. Deleting an open file fences its writer (FileNotFoundException). */
  delete(path: string, recursive: boolean, callback: (result: HdfsResult<boolean>) => void): void {
    this.call({ method: 'delete', path, recursive }, callback);
  }

  /** A directory's entries sorted by name (a file lists itself); FileNotFoundException if missing. */
  listStatus(path: string, callback: (result: HdfsResult<FileStatus[]>) => void): void {
    this.call({ method: 'getListing', path }, callback);
  }

  getFileStatus(path: string, callback: (result: HdfsResult<FileStatus>) => void): void {
    this.call<FileStatus | null>({ method: 'getFileInfo', path }, (r) => {
      if (!r.ok) return callback(r);
      callback(r.value === null ? { ok: false, error: 'FileNotFoundException', message: `${path} does not exist` } : { ok: true, value: r.value });
    });
  }

  exists(path: string, callback: (result: HdfsResult<boolean>) => void): void {
    this.call<FileStatus | null>({ method: 'getFileInfo', path }, (r) => callback(r.ok ? { ok: true, value: r.value !== null } : r));
  }

  /** Every durable record of a file (an open file: what was synced so far). The records are frozen: read-only. */
  read(path: string, callback: (result: HdfsResult<unknown[]>) => void): void {
    this.call<unknown[]>({ method: 'read', path }, callback);
  }

  /** Close the file and revoke its writer's lease; true once closed (poll if false: recovery takes time). */
  recoverLease(path: string, callback: (result: HdfsResult<boolean>) => void): void {
    this.call({ method: 'recoverLease', path, holder: this.holder }, callback);
  }

  isFileClosed(path: string, callback: (result: HdfsResult<boolean>) => void): void {
    this.call({ method: 'isFileClosed', path }, callback);
  }

  /** One RPC; a missing answer becomes SocketTimeoutException. */
  call<T>(request: HdfsRequest, callback: (result: HdfsResult<T>) => void): void {
    this.send(request, (r) => callback(r.ok ? (r.value as HdfsResult<T>) : this.timedOut(request.method)));
  }

  /**
   * One RPC, its outcome as the network gives it: HdfsOutputStream's syncs, the bulk of HDFS's traffic, turn a
   * missing answer into `timedOut` themselves rather than through one more closure per call.
   */
  send(request: HdfsRequest, callback: (result: RpcResult<HdfsReply>) => void): void {
    this.#network.call<HdfsReply>(this.#ctx, this.#server, HDFS_SERVICE, request.method, request, this.#rpcTimeoutMs, callback);
  }

  /** What a call without an answer in time fails with. */
  timedOut(method: HdfsRequest['method']): { ok: false; error: HdfsErrorCode; message: string } {
    return { ok: false, error: 'SocketTimeoutException', message: `${method} to ${this.#server} timed out after ${this.#rpcTimeoutMs} ms` };
  }

  /** Run a callback on a later event, never inside the caller's own call. */
  defer(fn: () => void): void {
    this.#ctx.setTimer(0, fn);
  }
}
