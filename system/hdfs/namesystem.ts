/**
 * FSNamesystem: the namespace operations with HDFS's rules for leases and writers, plus injected sync
 * failures. Synchronous and free of the network: the server wraps it in a process.
 *
 * Fencing, as HBase relies on it: a file open for write has one writer (a lease with a writer id). After
 * `recoverLease` closes the file, that writer's every sync fails with LeaseExpiredException; after the file
 * is deleted, with FileNotFoundException. A rename does not disturb a writer: it writes by inode id.
 */
import type { SystemTracer } from '../../schema/trace.ts';
import { childPath, fail, FSDirectory, parentPath, pathOf, split, type INodeDirectory, type INodeFile } from './namespace.ts';
import type { CreateRequest, CreateResponse, FileStatus, HdfsErrorCode, HdfsRecord, HdfsResult, LeaseHolder, SyncRequest } from './protocol.ts';
import { SyncFaults } from './sync-faults.ts';

type Failure = { ok: false; error: HdfsErrorCode; message: string };

export interface NamesystemOptions {
  /**
   * How long block recovery takes after `recoverLease` (HBASE.md §2 lease recovery), drawn per recovery. 0: the
   * file is closed at once and recoverLease returns true. Otherwise the first call returns false, the old
   * writer's syncs still succeed until the recovery completes, and the caller polls (recoverLease / isFileClosed).
   */
  leaseRecoveryMs: () => number;
}

export class FSNamesystem {
  readonly dir = new FSDirectory();
  readonly faults = new SyncFaults();
  #nextWriterId = 1;

  constructor(
    private readonly trace: SystemTracer,
    private readonly options: NamesystemOptions,
    /** Runs `fn` after `delayMs` on the server (dropped if the server crashes; see `resumeRecoveries`). */
    private readonly schedule: (delayMs: number, fn: () => void) => void,
  ) {}

  mkdirs(path: string): HdfsResult<boolean> {
    const r = this.dir.mkdirs(path);
    return r.ok ? { ok: true, value: true } : r;
  }

  create(req: CreateRequest): HdfsResult<CreateResponse> {
    const parts = split(req.path);
    if (parts === null || parts.length === 0) return fail('InvalidPathException', `invalid path ${req.path}`);
    // The path is split once: the file and its parent are walked to from its components.
    const existing = this.dir.walk(parts, parts.length);
    let overwrote = false;
    if (existing !== null) {
      if (existing.kind === 'dir') return this.#createFailed(req, fail('FileAlreadyExistsException', `${req.path} is a directory`));
      // FSDirWriteFileOp.startFile: without OVERWRITE an open file is its writer's (AlreadyBeingCreated); with it,
      // the file is deleted whoever writes it — leases and all — so its old writer is fenced like a delete's.
      if (!req.overwrite) {
        if (existing.lease !== null) return this.#createFailed(req, fail('AlreadyBeingCreatedException', `${req.path} is open for write by ${existing.lease.holder.clientName}`));
        return this.#createFailed(req, fail('FileAlreadyExistsException', `${req.path} already exists`));
      }
      this.dir.remove(existing);
      this.faults.fileClosed(existing.id);
      overwrote = true;
    }
    let parent = this.dir.walk(parts, parts.length - 1);
    if (parent === null) {
      // HBase creates WALs with createParent=false, so a renamed WAL directory stops a zombie's roll here.
      if (!req.createParent) return this.#createFailed(req, fail('FileNotFoundException', `Parent directory doesn't exist: ${parentPath(parts)}`));
      const made = this.dir.mkdirs(parentPath(parts));
      if (!made.ok) return this.#createFailed(req, made);
      parent = made.value;
    }
    if (parent.kind !== 'dir') return this.#createFailed(req, fail('ParentNotDirectoryException', `${parentPath(parts)} is a file`));
    const lease = { holder: req.holder, writerId: this.#nextWriterId++ };
    const file = this.dir.addFile(parent, parts[parts.length - 1] as string, lease);
    this.trace.emit('hdfs.create', { path: req.path, fileId: file.id, holder: req.holder.clientName, overwrote });
    return { ok: true, value: { fileId: file.id, writerId: lease.writerId } };
  }

  /** hflush/hsync (and complete, with `close`): make the writer's records durable, if it still holds the lease. */
  sync(req: SyncRequest): HdfsResult<number> {
    const file = this.dir.fileById(req.fileId);
    if (file === null) return this.#syncFailed(req, null, fail('FileNotFoundException', `File does not exist (inode ${req.fileId})`));
    if (file.lease === null || file.lease.writerId !== req.writerId) {
      return this.#syncFailed(req, file, fail('LeaseExpiredException', `No lease on ${pathOf(file)} (inode ${file.id}): File is not open for writing by this writer`));
    }
    if (req.offset > file.records.length) return fail('IOException', `sync at offset ${req.offset} beyond length ${file.records.length}`);
    const fault = this.faults.armed ? this.faults.check({ id: file.id, path: pathOf(file), process: file.lease.holder.process }) : null;
    if (fault !== null) {
      if (fault.persist) this.#apply(file, req);
      return this.#syncFailed(req, file, fail('IOException', `injected sync failure (rule ${fault.id})`), { injected: fault.id, persisted: fault.persist });
    }
    this.#apply(file, req);
    if (req.close) {
      this.#close(file);
      this.trace.emit('hdfs.close', { path: pathOf(file), fileId: file.id, holder: req.holder.clientName, records: file.records.length });
    }
    return { ok: true, value: file.records.length };
  }

  rename(src: string, dst: string): HdfsResult<boolean> {
    const r = this.dir.rename(src, dst);
    if (!r.ok) return r;
    this.trace.emit('hdfs.rename', { src, dst });
    return { ok: true, value: true };
  }

  /** false when there is nothing at `path`; open files under it are deleted too, fencing their writers. */
  delete(path: string, recursive: boolean): HdfsResult<boolean> {
    const parts = split(path);
    if (parts === null) return fail('InvalidPathException', `invalid path ${path}`);
    if (parts.length === 0) return fail('IOException', 'cannot delete the root');
    const node = this.dir.walk(parts, parts.length);
    if (node === null) return { ok: true, value: false };
    if (node.kind === 'dir' && node.children.size > 0 && !recursive) return fail('PathIsNotEmptyDirectoryException', `${path} is non empty`);
    const removed = this.dir.remove(node);
    for (const f of removed) this.faults.fileClosed(f.id);
    this.trace.emit('hdfs.delete', { path, recursive, files: removed.length, openFiles: removed.filter((f) => f.lease !== null).map((f) => f.id) });
    return { ok: true, value: true };
  }

  getListing(path: string): HdfsResult<FileStatus[]> {
    const node = this.dir.lookup(path);
    if (node === null) return fail('FileNotFoundException', `${path} does not exist`);
    if (node.kind === 'file') return { ok: true, value: [this.dir.status(node)] };
    const dirPath = pathOf(node);
    return { ok: true, value: [...node.children.keys()].sort().map((name) => this.dir.status(node.children.get(name) as INodeFile | INodeDirectory, childPath(dirPath, name))) };
  }

  getFileInfo(path: string): HdfsResult<FileStatus | null> {
    const node = this.dir.lookup(path);
    return { ok: true, value: node === null ? null : this.dir.status(node) };
  }

  /** The durable records of a file (frozen); a file still open shows what was synced so far. */
  read(path: string): HdfsResult<HdfsRecord[]> {
    const node = this.dir.lookup(path);
    if (node === null) return fail('FileNotFoundException', `${path} does not exist`);
    if (node.kind !== 'file') return fail('FileNotFoundException', `Path is not a file: ${path}`);
    return { ok: true, value: node.records.slice() };
  }

  /** DistributedFileSystem.recoverLease: true once the file is closed (the old writer fenced). */
  recoverLease(path: string, by: LeaseHolder): HdfsResult<boolean> {
    const node = this.dir.lookup(path);
    if (node === null) return fail('FileNotFoundException', `${path} does not exist`);
    if (node.kind !== 'file') return fail('FileNotFoundException', `Path is not a file: ${path}`);
    if (node.lease === null) return { ok: true, value: true };
    const delayMs = this.options.leaseRecoveryMs();
    if (delayMs === 0) {
      this.#revoke(node, by);
      return { ok: true, value: true };
    }
    if (!node.recovering) {
      node.recovering = true;
      this.trace.emit('hdfs.lease.recovery.started', { path, fileId: node.id, holder: node.lease.holder.clientName, by: by.clientName });
      this.#scheduleRecovery(node, by, delayMs);
    }
    return { ok: true, value: false };
  }

  isFileClosed(path: string): HdfsResult<boolean> {
    const node = this.dir.lookup(path);
    if (node === null || node.kind !== 'file') return fail('FileNotFoundException', `${path} is not a file`);
    return { ok: true, value: node.lease === null };
  }

  /** After a server restart: recoveries in progress restart their (lost) timers. */
  resumeRecoveries(): void {
    for (const file of this.dir.openFiles()) if (file.recovering) this.#scheduleRecovery(file, null, this.options.leaseRecoveryMs());
  }

  #scheduleRecovery(file: INodeFile, by: LeaseHolder | null, delayMs: number): void {
    this.schedule(Math.max(delayMs, 1), () => {
      if (file.recovering && file.lease !== null && this.dir.fileById(file.id) === file) this.#revoke(file, by);
    });
  }

  #revoke(file: INodeFile, by: LeaseHolder | null): void {
    const holder = file.lease?.holder;
    this.#close(file);
    this.trace.emit('hdfs.lease.recovered', { path: pathOf(file), fileId: file.id, holder: holder?.clientName, by: by?.clientName ?? null, records: file.records.length });
  }

  #close(file: INodeFile): void {
    file.lease = null;
    file.recovering = false;
    this.faults.fileClosed(file.id);
  }

  /** Records from `offset` on that the file does not have yet (a retry re-sends what may have landed). */
  #apply(file: INodeFile, req: SyncRequest): void {
    for (let i = file.records.length - req.offset; i < req.records.length; i++) file.records.push(req.records[i]);
  }

  #createFailed<T>(req: CreateRequest, r: Failure): HdfsResult<T> {
    this.trace.emit('hdfs.create.failed', { path: req.path, holder: req.holder.clientName, error: r.error });
    return r;
  }

  #syncFailed<T>(req: SyncRequest, file: INodeFile | null, r: Failure, extra: Record<string, unknown> = {}): HdfsResult<T> {
    this.trace.emit('hdfs.sync.failed', { path: file === null ? null : pathOf(file), fileId: req.fileId, holder: req.holder.clientName, error: r.error, ...extra });
    return r;
  }
}
