/**
 * HdfsOutputStream: an open file being written (FSDataOutputStream). `write` only buffers, in this process's
 * memory: a crash loses everything not yet synced. `hflush`/`hsync` send every record not yet acknowledged,
 * from the acknowledged count on, so a retry after a failed or timed-out sync neither loses nor duplicates
 * records; they are durable and visible to readers once the callback says ok.
 *
 * States: open → (close) closing → closed; open → fenced when the server says the lease is gone
 * (LeaseExpiredException) or the file is (FileNotFoundException): every later call fails with that error.
 * A failed sync for any other reason (an injected IOException, a timeout) leaves the stream open for a retry.
 */
import type { HdfsClient } from './client.ts';
import type { HdfsErrorCode, HdfsResult } from './protocol.ts';
import { freezeRecord, type HdfsRecord } from './protocol.ts';

type StreamState = 'open' | 'closing' | 'closed' | 'fenced';

export class HdfsOutputStream {
  #state: StreamState = 'open';
  #fencedBy: { error: HdfsErrorCode; message: string } | null = null;
  /** Records acknowledged durable. */
  #acked = 0;
  /** Records written after the acknowledged ones, deep-frozen (see freezeRecord). */
  #buffer: HdfsRecord[] = [];

  constructor(
    private readonly client: HdfsClient,
    /** The path it was created at (the file may since have been renamed; writes follow it). */
    readonly path: string,
    readonly fileId: number,
    readonly writerId: number,
  ) {}

  get state(): StreamState {
    return this.#state;
  }

  /** Records written so far (synced or not). */
  get length(): number {
    return this.#acked + this.#buffer.length;
  }

  get syncedLength(): number {
    return this.#acked;
  }

  /**
   * Buffer a record (any JSON value: plain objects, arrays, strings, finite numbers, booleans, null — no
   * undefined properties, no class instances). Ignored once the stream is closing, closed or fenced.
   * The record is frozen, with everything it holds: it is stored as it is, so the writer must not change it
   * afterwards (a write to it throws rather than altering what is in the file).
   */
  write(record: unknown): void {
    if (this.#state !== 'open') return;
    this.#buffer.push(freezeRecord(record ?? null));
  }

  /** Make everything written so far durable and visible. */
  hflush(callback: (result: HdfsResult<number>) => void): void {
    this.#sync(false, callback);
  }

  /** The same as hflush in this model (HDFS itself never fails here). */
  hsync(callback: (result: HdfsResult<number>) => void): void {
    this.#sync(false, callback);
  }

  /**
   * Sync what remains and close the file, releasing the lease. The stream is closed afterwards even if this
   * fails (as DFSOutputStream is); the file then stays open on the NameNode until its lease is recovered.
   */
  close(callback: (result: HdfsResult<number>) => void): void {
    this.#sync(true, callback);
  }

  #sync(close: boolean, callback: (result: HdfsResult<number>) => void): void {
    if (this.#state === 'fenced' && this.#fencedBy !== null) {
      const fenced = this.#fencedBy;
      return this.client.defer(() => callback({ ok: false, ...fenced }));
    }
    if (this.#state !== 'open') return this.client.defer(() => callback({ ok: false, error: 'ClosedChannelException', message: `stream for ${this.path} is ${this.#state}` }));
    if (close) this.#state = 'closing';
    const offset = this.#acked;
    const records = this.#buffer.slice();
    this.client.call<number>({ method: 'sync', fileId: this.fileId, writerId: this.writerId, holder: this.client.holder, offset, records, close }, (r) => {
      if (r.ok) {
        const covered = offset + records.length;
        if (covered > this.#acked) {
          this.#buffer.splice(0, covered - this.#acked);
          this.#acked = covered;
        }
        if (close) this.#state = 'closed';
        return callback({ ok: true, value: covered });
      }
      if (r.error === 'LeaseExpiredException' || r.error === 'FileNotFoundException') {
        this.#state = 'fenced';
        this.#fencedBy = { error: r.error, message: r.message };
      } else if (close) {
        this.#state = 'closed';
      }
      callback(r);
    });
  }
}
