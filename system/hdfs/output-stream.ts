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

const NOTHING_SENT: readonly HdfsRecord[] = Object.freeze([]);

export class HdfsOutputStream {
  #state: StreamState = 'open';
  #fencedBy: { error: HdfsErrorCode; message: string } | null = null;
  /** Records acknowledged durable. */
  #acked = 0;
  /**
   * The records after the acknowledged ones, deep-frozen (see freezeRecord), in two parts: `#sent` went out with
   * the last sync and is not acknowledged yet, `#buffer` was written since. A sync's request takes its records
   * array as it is instead of a copy, so an array that went out is never changed again — an acknowledgement
   * replaces `#sent` with its unacknowledged tail, and a sync starts a new `#buffer`.
   */
  #sent: readonly HdfsRecord[] = NOTHING_SENT;
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
    return this.#acked + this.#sent.length + this.#buffer.length;
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
    const records = this.#unacknowledged();
    this.client.send({ method: 'sync', fileId: this.fileId, writerId: this.writerId, holder: this.client.holder, offset, records, close }, (rpc) => {
      const r = rpc.ok ? (rpc.value as HdfsResult<number>) : this.client.timedOut('sync');
      if (r.ok) {
        const covered = offset + records.length;
        if (covered > this.#acked) this.#acknowledge(covered);
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

  /** Every record not acknowledged yet, as one array that is never changed again (it goes out with a sync). */
  #unacknowledged(): readonly HdfsRecord[] {
    if (this.#buffer.length > 0) {
      this.#sent = this.#sent.length === 0 ? this.#buffer : this.#sent.concat(this.#buffer);
      this.#buffer = [];
    }
    return this.#sent;
  }

  /** The server holds the records up to `covered` (more than `#acked`): they leave the stream's memory. */
  #acknowledge(covered: number): void {
    const drop = covered - this.#acked;
    const sent = this.#sent.length;
    if (drop >= sent) {
      this.#sent = NOTHING_SENT;
      // Every sync sends all that is unacknowledged, so an acknowledgement never reaches past `#sent`; if it did, the buffer would shrink too.
      if (drop > sent) this.#buffer.splice(0, drop - sent);
    } else {
      this.#sent = this.#sent.slice(drop);
    }
    this.#acked = covered;
  }
}
