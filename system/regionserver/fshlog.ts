/**
 * FSHLog: the RegionServer's write-ahead log on HDFS, with group commit — one sync in flight at a time,
 * every append that arrives meanwhile rides on the next sync. A failed sync is fatal: the server aborts
 * (HBase cannot tell which edits reached the disk), and so is a fenced WAL (lease recovered by a
 * ServerCrashProcedure), which is exactly how a zombie RegionServer is stopped from acknowledging writes.
 */
import type { FsWriter } from '../hbase/ports.ts';
import type { WalAppender } from './hregion.ts';
import type { WalEdit } from './wal-edit.ts';

interface Pending {
  edit: WalEdit;
  done: (ok: boolean) => void;
}

export class FSHLog implements WalAppender {
  #queue: Pending[] = [];
  #syncing = false;
  #failed = false;
  #syncs = 0;

  constructor(
    private readonly writer: FsWriter,
    /** Called once, on the first failed sync: the RegionServer aborts. */
    private readonly onSyncFailure: (error: string) => void,
  ) {}

  get path(): string {
    return this.writer.path;
  }

  get syncs(): number {
    return this.#syncs;
  }

  appendAndSync(edit: WalEdit, done: (ok: boolean) => void): void {
    if (this.#failed) return done(false);
    this.#queue.push({ edit, done });
    if (!this.#syncing) this.#syncBatch();
  }

  #syncBatch(): void {
    const batch = this.#queue;
    this.#queue = [];
    this.#syncing = true;
    this.#syncs++;
    this.writer.appendAndSync(
      batch.map((p) => p.edit),
      (result) => {
        this.#syncing = false;
        if (result.code !== 'ok') {
          this.#failed = true;
          const waiting = [...batch, ...this.#queue];
          this.#queue = [];
          this.onSyncFailure(`WAL sync failed: ${result.code}`);
          for (const p of waiting) p.done(false);
          return;
        }
        for (const p of batch) p.done(true);
        if (this.#queue.length > 0) this.#syncBatch();
      },
    );
  }
}
