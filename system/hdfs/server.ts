/**
 * HDFS (NameNode and DataNodes together) as one simulated process, default id `hdfs`, service `hdfs`. See
 * README.md for the model, its simplifications and its trace events.
 *
 * The namespace, file contents and leases are durable: they live in this object, outside any incarnation,
 * so a crash and restart of the process loses nothing that was synced (and no unsynced data ever reached
 * it: the writer's buffer lives in the client). A lease recovery in progress restarts its timer on boot.
 */
import type { Network, Reply, Request } from '../../harness/network.ts';
import type { ProcessContext, ProcessId, Scheduler } from '../../harness/scheduler.ts';
import type { SystemTracer } from '../../schema/trace.ts';
import { FSNamesystem } from './namesystem.ts';
import type { FileStatus, HdfsReply, HdfsRequest } from './protocol.ts';
import { DEFAULT_HDFS_PROCESS, HDFS_SERVICE } from './protocol.ts';
import { pathOf } from './namespace.ts';
import type { SyncFault, SyncFaultDuration, SyncFaultOptions, SyncFaultTarget } from './sync-faults.ts';

export interface HdfsOptions {
  id?: ProcessId;
  /**
   * See NamesystemOptions.leaseRecoveryMs: a fixed time, or [min, max] drawn from the server's seeded stream
   * `hdfs/block-recovery` for each recovery. Default 0: recoverLease closes the file at once.
   */
  leaseRecoveryMs?: number | readonly [number, number];
}

export interface HdfsRuntime {
  scheduler: Scheduler;
  network: Network;
  trace: SystemTracer;
}

export class HdfsServer {
  readonly id: ProcessId;
  readonly #namesystem: FSNamesystem;
  #ctx: ProcessContext | null = null;

  private constructor(
    private readonly runtime: HdfsRuntime,
    options: HdfsOptions,
  ) {
    this.id = options.id ?? DEFAULT_HDFS_PROCESS;
    const range = options.leaseRecoveryMs ?? 0;
    const [min, max] = typeof range === 'number' ? [range, range] : range;
    if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max >= min)) throw new RangeError(`leaseRecoveryMs must be a non-negative integer or range, got ${JSON.stringify(range)}`);
    this.#namesystem = new FSNamesystem(runtime.trace, { leaseRecoveryMs: () => this.#blockRecoveryMs(min, max) }, (delayMs, fn) => {
      const ctx = this.#ctx;
      if (ctx !== null && ctx.isCurrent()) ctx.setTimer(delayMs, fn);
    });
  }

  /** Block recovery waits for a DataNode's heartbeat and its recovery of the last block: a seeded time. */
  #blockRecoveryMs(min: number, max: number): number {
    if (max === min || this.#ctx === null) return min;
    return this.#ctx.random('hdfs/block-recovery').int(min, max);
  }

  static spawn(runtime: HdfsRuntime, options: HdfsOptions = {}): HdfsServer {
    const server = new HdfsServer(runtime, options);
    runtime.scheduler.spawn(server.id, (ctx) => server.#boot(ctx));
    return server;
  }

  // ---- nemesis hooks -------------------------------------------------------------------------------------

  /** Make matching syncs fail (see sync-faults.ts); returns the rule's id for `clearSyncFaults`. */
  failSyncs(target: SyncFaultTarget, duration: SyncFaultDuration, options: SyncFaultOptions = {}): number {
    const open = this.#namesystem.dir.openFiles().map((f) => ({ id: f.id, path: pathOf(f), process: f.lease?.holder.process ?? '' }));
    return this.#namesystem.faults.add(target, duration, options, open);
  }

  clearSyncFaults(id?: number): void {
    this.#namesystem.faults.clear(id);
  }

  activeSyncFaults(): SyncFault[] {
    return this.#namesystem.faults.active();
  }

  // ---- inspection (tests, role resolution; no RPC, no trace) ---------------------------------------------

  /** A file's durable records, or null if there is no such file. Fresh copies (callers may change them). */
  readFile(path: string): unknown[] | null {
    const r = this.#namesystem.read(path);
    return r.ok ? r.value.map((record) => JSON.parse(JSON.stringify(record)) as unknown) : null;
  }

  status(path: string): FileStatus | null {
    const r = this.#namesystem.getFileInfo(path);
    return r.ok ? r.value : null;
  }

  list(path: string): string[] {
    const r = this.#namesystem.getListing(path);
    return r.ok ? r.value.map((s) => s.path.slice(s.path.lastIndexOf('/') + 1)) : [];
  }

  /** Files open for write: path, inode id and lease holder. */
  openFiles(): Array<{ path: string; fileId: number; holder: string; process: ProcessId }> {
    return this.#namesystem.dir.openFiles().map((f) => ({ path: pathOf(f), fileId: f.id, holder: f.lease?.holder.clientName ?? '', process: f.lease?.holder.process ?? '' }));
  }

  // ---- the process ---------------------------------------------------------------------------------------

  #boot(ctx: ProcessContext): void {
    this.#ctx = ctx;
    this.#namesystem.resumeRecoveries();
    this.runtime.network.listen(ctx, HDFS_SERVICE, this.#handle);
  }

  readonly #handle = (request: Request, reply: Reply): void => {
    const req = request.payload as HdfsRequest;
    const ns = this.#namesystem;
    let result: HdfsReply;
    // Syncs are most of the traffic by far: they are tested for first.
    switch (req.method) {
      case 'sync':
        result = ns.sync(req);
        break;
      case 'mkdirs':
        result = ns.mkdirs(req.path);
        break;
      case 'create':
        result = ns.create(req);
        break;
      case 'rename':
        result = ns.rename(req.src, req.dst);
        break;
      case 'delete':
        result = ns.delete(req.path, req.recursive);
        break;
      case 'getListing':
        result = ns.getListing(req.path);
        break;
      case 'getFileInfo':
        result = ns.getFileInfo(req.path);
        break;
      case 'read':
        result = ns.read(req.path);
        break;
      case 'recoverLease':
        result = ns.recoverLease(req.path, req.holder);
        break;
      case 'isFileClosed':
        result = ns.isFileClosed(req.path);
        break;
      default:
        result = { ok: false, error: 'IOException', message: `unknown method ${(req as { method: string }).method}` };
    }
    reply(result);
  };
}
