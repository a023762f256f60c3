/**
 * FSHLog: one of the RegionServer's write-ahead logs on HDFS (the default WAL, or the meta WAL), with group
 * commit — one sync in flight at a time, every append that arrives meanwhile rides on the next sync — and rolls.
 *
 * A failed sync does not abort (AsyncFSWAL.syncFailed): the unacknowledged appends go back to the head of the
 * queue and a roll is requested; after the roll they are written again to the new file and only then
 * acknowledged. LogRoller also rolls every hbase.regionserver.logroll.period, and AbstractFSWAL asks for a roll
 * when the file grows past its size threshold. The new file is created with createParent=false, so once the
 * master renamed the WAL directory to `-splitting` (a ServerCrashProcedure fencing this server), the roll fails
 * and — as LogRoller does on an IOException — the server aborts. That, plus the lease recovery that made the
 * sync fail, is what stops a zombie RegionServer from acknowledging writes.
 *
 * States: idle ⇄ syncing; idle/syncing → rolling (a roll waits for the sync in flight) → idle; any → closed
 * (the server aborted). Old WAL files stay in the WAL directory until the server dies (see README: HBase archives
 * a file once every region with edits in it has flushed; here the split of a dead server reads them all and
 * skips what the store files already hold).
 */
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { SystemTracer } from '../../schema/trace.ts';
import type { FileSystemPort, FsWriter } from '../hbase/ports.ts';
import type { ServerName } from '../hbase/server-name.ts';
import type { WalAppender } from './hregion.ts';
import type { WalEdit } from './wal-edit.ts';

type WalState = 'idle' | 'syncing' | 'rolling' | 'closed';
export type RollReason = 'size' | 'period' | 'syncFailed';

export interface FSHLogDeps {
  ctx: ProcessContext;
  fs: FileSystemPort;
  trace: SystemTracer;
  server: ServerName;
  /** The path of the n-th file of this WAL. */
  pathOf: (n: number) => string;
  rollPeriodMs: number;
  rollSizeRecords: number;
  /** Planted bug (HBASE-2312, the roll half): the new file is created with its parent directories. */
  createParent: boolean;
  /** A failpoint of the RegionServer's (may end the process). */
  failpoint: (name: string, detail: Record<string, unknown>) => void;
  /** LogRoller's abort: the roll failed. */
  abort: (reason: string) => void;
}

export class FSHLog implements WalAppender {
  #state: WalState = 'rolling';
  #writer: FsWriter | null = null;
  #fileNum = 0;
  #recordsInFile = 0;
  #rollRequested: RollReason | null = null;
  /**
   * Appends waiting for the next sync: the edits and their callbacks, side by side. A sync hands its edits array
   * to the writer as it is (a new queue starts), so no per-append wrapper or per-sync copy is made.
   */
  #queue: WalEdit[] = [];
  #waiting: Array<(ok: boolean) => void> = [];
  #syncs = 0;

  private constructor(private readonly deps: FSHLogDeps) {}

  /** Create the first file (AbstractFSWAL.init → rollWriter); null on failure. */
  static create(deps: FSHLogDeps, done: (wal: FSHLog | null) => void): void {
    const wal = new FSHLog(deps);
    wal.#createNext((ok) => {
      if (!ok) return done(null);
      wal.#schedulePeriodicRoll();
      done(wal);
    });
  }

  get path(): string {
    return this.deps.pathOf(this.#fileNum);
  }

  get syncs(): number {
    return this.#syncs;
  }

  get fileNum(): number {
    return this.#fileNum;
  }

  appendAndSync(edit: WalEdit, done: (ok: boolean) => void): void {
    if (this.#state === 'closed') return done(false);
    this.#queue.push(edit);
    this.#waiting.push(done);
    if (this.#state === 'idle') this.#syncBatch();
  }

  /** The server is going down: nothing more is acknowledged. */
  shutdown(): void {
    this.#state = 'closed';
    const waiting = this.#waiting;
    this.#queue = [];
    this.#waiting = [];
    for (const done of waiting) done(false);
  }

  /** LogRoller.requestRollAll / AbstractFSWAL.requestLogRoll: roll now, or once the sync in flight is done. */
  requestRoll(reason: RollReason): void {
    if (this.#state === 'closed' || this.#state === 'rolling') return;
    this.#rollRequested ??= reason;
    if (this.#state === 'idle') this.#roll();
  }

  #syncBatch(): void {
    const writer = this.#writer as FsWriter;
    const edits = this.#queue;
    const waiting = this.#waiting;
    this.#queue = [];
    this.#waiting = [];
    this.#state = 'syncing';
    this.#syncs++;
    writer.appendAndSync(edits, (result) => {
      if (this.#state === 'closed') return;
      if (result.code !== 'ok') return this.#syncFailed(edits, waiting, result.code);
      this.#state = 'idle';
      this.#recordsInFile += edits.length;
      for (const done of waiting) done(true);
      if (this.#recordsInFile >= this.deps.rollSizeRecords) this.#rollRequested ??= 'size';
      this.#next();
    });
  }

  /** AsyncFSWAL.syncFailed: the unacknowledged appends go back to the head of the queue, to be written after the roll. */
  #syncFailed(edits: WalEdit[], waiting: Array<(ok: boolean) => void>, error: string): void {
    this.#queue = edits.concat(this.#queue);
    this.#waiting = waiting.concat(this.#waiting);
    this.deps.trace.emit('rs.wal.syncFailed', { server: this.deps.server, path: this.path, error, unacked: this.#queue.length });
    this.#state = 'idle';
    this.#rollRequested = 'syncFailed';
    this.#next();
  }

  #next(): void {
    if (this.#state !== 'idle') return;
    if (this.#rollRequested !== null) return this.#roll();
    if (this.#queue.length > 0) this.#syncBatch();
  }

  /** AbstractFSWAL.rollWriter: a new file, then the old one closed (its close may fail: a fenced file is closed already). */
  #roll(): void {
    const reason = this.#rollRequested ?? 'period';
    this.#rollRequested = null;
    this.#state = 'rolling';
    const old = this.#writer;
    this.#createNext((ok) => {
      if (!ok) return;
      old?.close(() => {});
      this.deps.trace.emit('rs.wal.rolled', { server: this.deps.server, path: this.path, reason, requeued: this.#queue.length });
      this.deps.failpoint('rs.wal.rolled', { reason });
      this.#next();
    });
  }

  #createNext(done: (ok: boolean) => void): void {
    const n = this.#fileNum + 1;
    const path = this.deps.pathOf(n);
    this.deps.fs.create(path, { createParent: this.deps.createParent, overwrite: false }, (created) => {
      if (this.#state === 'closed') return;
      if (created.code !== 'ok' || created.value === undefined) {
        this.deps.abort(`IOE in log roller: cannot create ${path}: ${created.code}`);
        this.shutdown();
        return done(false);
      }
      this.#writer = created.value;
      this.#fileNum = n;
      this.#recordsInFile = 0;
      this.#state = 'idle';
      done(true);
    });
  }

  /** LogRoller's periodic check: every WAL rolls once hbase.regionserver.logroll.period passed since its last roll. */
  #schedulePeriodicRoll(): void {
    this.deps.ctx.setTimer(this.deps.rollPeriodMs, () => {
      if (this.#state === 'closed') return;
      this.requestRoll('period');
      this.#schedulePeriodicRoll();
    });
  }
}
