/**
 * WALProcedureStore: the master's procedure log on HDFS, `/hbase/MasterProcWALs/pv2-<n>.log` (HBASE.md §3).
 *
 * Taking over (recoverLease) fences the previous master: every existing log's lease is recovered — its
 * writer's next sync fails — and its records are loaded; then a new log one above the highest is created.
 * Writes are batched, one sync in flight (the syncLoop). A failed sync is retried
 * `max.retries.before.roll` times, then the log is rolled; after `sync.failure.roll.max` rolls that still
 * fail, the store gives up and the master aborts ("The Procedure Store lost the lease"). No write is ever
 * acknowledged that is not durable.
 *
 * Simplification: a roll starts the new log with every live procedure's latest record, after which older
 * logs are deleted — a compaction in place of HBase's per-log trackers.
 */
import type { FileSystemPort, FsWriter } from '../../hbase/ports.ts';
import { procWalNumber, type HBaseLayout } from '../../hbase/paths.ts';
import type { HBaseConfig } from '../../hbase/config.ts';
import type { SystemTracer } from '../../../schema/trace.ts';
import type { ProcedureStore } from './executor.ts';
import { isFinished, type ProcedureRecord } from './procedure.ts';

interface PendingWrite {
  records: ProcedureRecord[];
  done: () => void;
}

export class WALProcedureStore implements ProcedureStore {
  readonly #latest = new Map<number, ProcedureRecord>();
  #writer: FsWriter | null = null;
  #logId = 0;
  /** Logs this store knows of (loaded at takeover, or its own), deleted once a newer log holds their records. */
  #knownLogs: number[] = [];
  #queue: PendingWrite[] = [];
  #syncing = false;
  #aborted = false;
  #recordsInLog = 0;
  #logCreatedAt = 0;
  #consecutiveFailures = 0;
  #rollsAfterFailure = 0;

  constructor(
    private readonly fs: FileSystemPort,
    private readonly config: HBaseConfig,
    private readonly layout: HBaseLayout,
    private readonly trace: SystemTracer,
    private readonly now: () => number,
    private readonly master: string,
    /** Called once when the store gives up: the master must abort. */
    private readonly abortMaster: (reason: string) => void,
    private readonly bugs: ReadonlySet<string> = new Set(),
  ) {}

  get logId(): number {
    return this.#logId;
  }

  /** Fence the previous writers, load every log's records (last one per procId wins), open a new log. */
  recoverLease(done: (records: ProcedureRecord[]) => void): void {
    this.fs.mkdirs(this.layout.fs.procWals, () =>
      this.fs.list(this.layout.fs.procWals, (listing) => {
        if (listing.code !== 'ok') return this.#giveUp(`cannot list ${this.layout.fs.procWals}: ${listing.code}`);
        const ids = (listing.value ?? []).map(procWalNumber).filter((n): n is number => n !== null).sort((a, b) => a - b);
        this.#knownLogs = [...ids];
        const loadNext = (i: number): void => {
          const id = ids[i];
          if (id === undefined) {
            const loaded = [...this.#latest.values()].sort((a, b) => a.procId - b.procId);
            const newLog = (ids.at(-1) ?? 0) + 1;
            return this.#openNewLog(newLog, this.#cleanupOnLoad(loaded, newLog), () => done(loaded));
          }
          const path = this.layout.procWalFile(id);
          this.fs.recoverLease(path, () =>
            this.fs.read(path, (r) => {
              if (r.code !== 'ok') return this.#giveUp(`cannot read ${path}: ${r.code}`);
              for (const record of (r.value ?? []) as ProcedureRecord[]) this.#latest.set(record.procId, record);
              loadNext(i + 1);
            }),
          );
        };
        loadNext(0);
      }),
    );
  }

  /**
   * tryCleanupLogsOnLoad: the takeover log starts with every loaded procedure, so the older logs can go.
   * Planted bug `proc-cleanup-drops-waiting-parent` (HBASE-21354 / HBASE-21490, as before their fixes): the
   * holding-cleanup tracker a restarted master builds counts a procedure that waits on its children — loaded,
   * untouched since, its only record in an old log — as deleted, so the log is removed without it. This master
   * still runs it from memory; its record comes back only when its children finish and it is persisted again.
   */
  #cleanupOnLoad(loaded: ProcedureRecord[], newLog: number): ProcedureRecord[] {
    if (!this.bugs.has('proc-cleanup-drops-waiting-parent')) return loaded;
    const parents = new Set(loaded.filter((r) => !isFinished(r) && r.parentId !== null).map((r) => r.parentId));
    const dropped = loaded.filter((r) => r.status === 'WAITING' && parents.has(r.procId));
    for (const r of dropped) this.#latest.delete(r.procId);
    if (dropped.length > 0) this.trace.emit('procstore.cleanup', { master: this.master, log: newLog, removed: dropped.map((r) => r.procId) });
    return loaded.filter((r) => !dropped.includes(r));
  }

  write(records: ProcedureRecord[], done: () => void): void {
    if (this.#aborted) return;
    this.#queue.push({ records, done });
    if (!this.#syncing && this.#writer !== null) this.#syncLoop();
  }

  /** The batch whose sync failed: the stream still holds its records, so a retry appends nothing new. */
  #unacknowledged: PendingWrite[] | null = null;

  #syncLoop(): void {
    if (this.#aborted || this.#writer === null) return;
    const retrying = this.#unacknowledged !== null;
    const batch = this.#unacknowledged ?? this.#queue;
    if (!retrying) this.#queue = [];
    this.#unacknowledged = null;
    if (batch.length === 0) return;
    this.#syncing = true;
    const records = recordsOf(batch);
    this.#writer.appendAndSync(retrying ? [] : records, (result) => {
      this.#syncing = false;
      if (this.#aborted) return;
      if (result.code === 'ok') {
        this.#consecutiveFailures = 0;
        this.#rollsAfterFailure = 0;
        this.#recordsInLog += records.length;
        for (const r of records) this.#latest.set(r.procId, r);
        for (const w of batch) w.done();
        if (this.#recordsInLog >= this.config.procWalRollThresholdRecords || this.now() - this.#logCreatedAt >= this.config.procWalPeriodicRollMs) {
          return this.#roll('periodic', () => this.#syncLoop());
        }
        return this.#syncLoop();
      }
      this.trace.emit('procstore.sync.failed', { master: this.master, log: this.#logId, error: result.code, consecutive: this.#consecutiveFailures + 1 });
      if (++this.#consecutiveFailures < this.config.procWalMaxRetriesBeforeRoll) {
        this.#unacknowledged = batch;
        return this.#syncLoop();
      }
      if (this.#rollsAfterFailure >= this.config.procWalSyncFailureRollMax) return this.#persistFailed('Sync slots after log roll failed, abort.');
      this.#rollsAfterFailure++;
      this.#consecutiveFailures = 0;
      // The new log gets the batch afresh (its records were never acknowledged in the old one).
      this.#queue = [...batch, ...this.#queue];
      this.#roll('sync failure', () => this.#syncLoop());
    });
  }

  /** Roll to a new log, unless another master has already written a newer one: then we are deposed. */
  #roll(reason: string, then: () => void): void {
    this.#syncing = true;
    this.fs.list(this.layout.fs.procWals, (listing) => {
      const newest = Math.max(0, ...(listing.value ?? []).map(procWalNumber).filter((n): n is number => n !== null));
      if (listing.code !== 'ok' || newest > this.#logId) {
        this.#syncing = false;
        return this.#giveUp(listing.code !== 'ok' ? `cannot roll: ${listing.code}` : `another master wrote ${this.layout.procWalFile(newest)}`);
      }
      this.#openNewLog(this.#logId + 1, this.#rollSnapshot(), () => {
        this.#syncing = false;
        this.trace.emit('procstore.roll', { master: this.master, log: this.#logId, reason });
        then();
      });
    });
  }

  /**
   * What a new log starts with: every unfinished procedure, and the one with the highest procId even if it finished.
   * HBase's store never forgets the highest procId (RegionProcedureStore keeps its row, emptied, when the procedure
   * is deleted), so a later master goes on from it: a RegionServer skips an open or close whose procId it has run
   * before (HBASE-22404), and a procId handed out again would have its region procedure dropped there, the region
   * left in transition for ever (found by failover seed 1924861).
   */
  #rollSnapshot(): ProcedureRecord[] {
    const snapshot: ProcedureRecord[] = [];
    let newest: ProcedureRecord | undefined;
    for (const r of this.#latest.values()) {
      if (!isFinished(r)) snapshot.push(r);
      if (newest === undefined || r.procId > newest.procId) newest = r;
    }
    if (newest !== undefined && isFinished(newest)) snapshot.push(newest);
    return snapshot;
  }

  /** Create pv2-<id> (never overwriting: an existing one belongs to another master), write `snapshot`, drop older logs. */
  #openNewLog(id: number, snapshot: ProcedureRecord[], then: () => void): void {
    const previous = this.#writer;
    this.fs.create(this.layout.procWalFile(id), { createParent: true, overwrite: false }, (created) => {
      if (created.code !== 'ok' || created.value === undefined) return this.#giveUp(`cannot create ${this.layout.procWalFile(id)}: ${created.code}`);
      const writer = created.value;
      writer.appendAndSync(snapshot, (synced) => {
        if (synced.code !== 'ok') {
          // Under the planted bug the store goes on: the log it could not start is removed, so the next roll can take its id.
          if (this.bugs.has('proc-persist-failure-continues')) this.fs.delete(this.layout.procWalFile(id), false, () => {});
          return this.#persistFailed(`cannot write ${this.layout.procWalFile(id)}: ${synced.code}`);
        }
        const oldIds = this.#knownLogs.filter((n) => n < id);
        this.#knownLogs = [id];
        this.#writer = writer;
        this.#logId = id;
        this.#recordsInLog = snapshot.length;
        this.#logCreatedAt = this.now();
        previous?.close(() => {});
        let remaining = oldIds.length;
        if (remaining === 0) return then();
        for (const old of oldIds) this.fs.delete(this.layout.procWalFile(old), false, () => --remaining === 0 && then());
      });
    });
  }

  /**
   * A write could not be made durable. HBase aborts the master (sendAbortProcessSignal; for the master-region
   * store, HBASE-29251's fix). Planted bug `proc-persist-failure-continues` (HBASE-29251, as it was before the fix):
   * the failed writes are dropped and the store goes on — their procedures never hear back and are stuck, while the
   * master stays active, so no failover resumes them.
   */
  #persistFailed(reason: string): void {
    if (!this.bugs.has('proc-persist-failure-continues') || this.#writer === null) return this.#giveUp(reason);
    this.trace.emit('procstore.sync.failed', { master: this.master, log: this.#logId, error: `dropped: ${reason}`, consecutive: this.#consecutiveFailures });
    this.#queue = [];
    this.#unacknowledged = null;
    this.#consecutiveFailures = 0;
    this.#rollsAfterFailure = 0;
    this.#syncing = false;
  }

  #giveUp(reason: string): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.trace.emit('procstore.aborted', { master: this.master, log: this.#logId, reason });
    this.abortMaster(`The Procedure Store lost the lease: ${reason}`);
  }
}

/** The batch's records in order, in a new array (a plain loop: flatMap's generic path costs more than the copy). */
function recordsOf(batch: readonly PendingWrite[]): ProcedureRecord[] {
  const records: ProcedureRecord[] = [];
  for (const write of batch) for (const record of write.records) records.push(record);
  return records;
}
