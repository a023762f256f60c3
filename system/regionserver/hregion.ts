/**
 * HRegion: one open region on a RegionServer — its memstore, sequence ids, per-row locks and nonces.
 *
 * A mutation takes its row's lock, is appended to the WAL and synced, and only then applied to the memstore
 * and acknowledged; reads see only applied values (HBase's MVCC read point). So every acknowledged write is
 * durable in the WAL, and a write's effect happens between its invocation and its acknowledgement.
 */
import { byKey, codeUnitOrder } from '../ordering.ts';
import type { StoreFile, WalEdit } from './wal-edit.ts';
import type { RegionInfo } from '../hbase/region-info.ts';

/** Appends an edit and calls back once it is synced (ok) or the sync failed (the RS will abort). */
export interface WalAppender {
  appendAndSync(edit: WalEdit, done: (ok: boolean) => void): void;
}

type RowTask = (release: () => void) => void;

/**
 * A row's lock: the queue of mutations waiting for it (the head holds it; empty: unlocked) and the one release
 * function every holder calls, made once per row rather than once per mutation.
 */
class RowLock {
  readonly queue: RowTask[] = [];
  readonly release = (): void => {
    this.queue.shift();
    const next = this.queue[0];
    if (next !== undefined) next(this.release);
  };
}

export class HRegion {
  readonly #memstore = new Map<string, unknown>();
  /** Rows written with a client-set timestamp, and the newest one applied. */
  readonly #cellTs = new Map<string, number>();
  readonly #nonces = new Map<string, boolean>();
  /** Pending mutations per row; the head holds the row lock (an empty queue: the row is unlocked). */
  readonly #rowLocks = new Map<string, RowLock>();
  /** The memstore's rows sorted, kept until a row is added (values change far more often than the set of rows). */
  #rowOrder: string[] | null = null;
  #nextSeq: number;
  /** Bumped by every applied edit: what a reader derived from the rows holds while it is unchanged. */
  #version = 0;
  #inFlight = 0;
  #onDrained: (() => void) | null = null;

  private constructor(
    readonly info: RegionInfo,
    readonly openSeqNum: number,
    private readonly wal: WalAppender,
  ) {
    this.#nextSeq = openSeqNum + 1;
  }

  /**
   * Open a region from its durable state: the latest store file, then recovered edits newer than it, in
   * sequence order (HRegion.initializeRegionInternals). openSeqNum is above every sequence id seen — in the
   * store, in the recovered edits (markers included), and in the sequence-id file of earlier opens
   * (`maxSeqIdFromFile`) — so new edits sort after replayed ones and a reopen never reuses a sequence id.
   */
  static open(info: RegionInfo, store: StoreFile | null, recoveredEdits: readonly WalEdit[], wal: WalAppender, maxSeqIdFromFile = 0): HRegion {
    const maxStoreSeq = store?.maxSeq ?? 0;
    const newer = recoveredEdits.filter((e) => e.seq > maxStoreSeq).sort((a, b) => a.seq - b.seq);
    const maxSeq = Math.max(maxStoreSeq, maxSeqIdFromFile, ...newer.map((e) => e.seq));
    const edits = newer.filter((e) => e.marker === undefined);
    const region = new HRegion(info, maxSeq + 1, wal);
    for (const [row, value] of store?.rows ?? []) region.#memstore.set(row, value);
    region.#rowOrder = null;
    for (const [nonce, processed] of store?.nonces ?? []) region.#nonces.set(nonce, processed);
    for (const [row, ts] of store?.timestamps ?? []) region.#cellTs.set(row, ts);
    for (const e of edits) region.#apply(e);
    return region;
  }

  /** writeRegionOpenMarker: the open marker takes openSeqNum in the WAL; calls back once it is synced. */
  writeOpenMarker(done: (ok: boolean) => void): void {
    this.wal.appendAndSync({ region: this.info.encodedName, seq: this.openSeqNum, row: '', value: null, marker: 'REGION_OPEN' }, done);
  }

  /** Changes whenever a row's value may have (see MetaLocator). */
  get version(): number {
    return this.#version;
  }

  get(row: string): unknown {
    return this.#memstore.has(row) ? this.#memstore.get(row) : null;
  }

  /**
   * A put: durable before `done(true)`. `done(false)` means the WAL sync failed; the outcome is unknown.
   * With `dedupe`, a nonce seen before (here, or in the WAL replayed at open) is acknowledged without applying
   * again, so a retried put cannot overwrite a later write. HBase sends no nonce with a Put; see system/bugs.ts
   * (put-retry-reapplies) for what that allows.
   */
  put(row: string, value: unknown, nonce: string | undefined, done: (ok: boolean) => void, dedupe = true, ts?: number): void {
    this.#withRowLock(row, (release) => {
      if (dedupe && nonce !== undefined && this.#nonces.has(nonce)) {
        release();
        return done(true);
      }
      const edit: WalEdit = { region: this.info.encodedName, seq: this.#nextSeq++, row, value };
      if (nonce !== undefined && dedupe) edit.nonce = nonce;
      if (ts !== undefined) edit.ts = ts;
      this.#append(edit, (ok) => {
        release();
        done(ok);
      });
    });
  }

  /**
   * checkAndMutate: compare and put under the row lock. A nonce whose mutation was applied (here, or before a
   * failover — the WAL carries it) returns success without applying again (ServerNonceManager), which is what
   * makes a retried CAS safe.
   */
  checkAndPut(row: string, expected: unknown, value: unknown, nonce: string, done: (result: { ok: boolean; processed: boolean }) => void): void {
    this.#withRowLock(row, (release) => {
      const seen = this.#nonces.get(nonce);
      if (seen !== undefined) {
        release();
        return done({ ok: true, processed: seen });
      }
      if (!sameValue(this.get(row), expected)) {
        // A failed compare mutates nothing and writes no WAL entry; a retry simply compares again.
        release();
        return done({ ok: true, processed: false });
      }
      const edit: WalEdit = { region: this.info.encodedName, seq: this.#nextSeq++, row, value, nonce, processed: true };
      this.#append(edit, (ok) => {
        release();
        done({ ok, processed: true });
      });
    });
  }

  /** The newest client-set timestamp applied to `row`, if it was written with one. */
  cellTimestamp(row: string): number | undefined {
    return this.#cellTs.get(row);
  }

  /** Every row with its value, sorted by row (a full scan). */
  rows(): [string, unknown][] {
    return this.#sortedRows().map((row) => [row, this.#memstore.get(row)]);
  }

  /**
   * A forward scan from `startRow` (inclusive) in row order, as long as `visit` returns true: a meta lookup reads
   * one table's rows this way, not the whole region.
   */
  scan(startRow: string, visit: (row: string, value: unknown) => boolean): void {
    const rows = this.#sortedRows();
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((rows[mid] as string) < startRow) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < rows.length; i++) {
      const row = rows[i] as string;
      if (!visit(row, this.#memstore.get(row))) return;
    }
  }

  /** The region's content, for a flush at close. */
  snapshot(): StoreFile {
    return {
      maxSeq: this.#nextSeq - 1,
      rows: [...this.#memstore].sort(byKey),
      nonces: [...this.#nonces].sort(byKey),
      ...(this.#cellTs.size === 0 ? {} : { timestamps: [...this.#cellTs].sort(byKey) }),
    };
  }

  /** Calls back once no mutation is in flight (a close waits for this before flushing). */
  whenDrained(done: () => void): void {
    if (this.#inFlight === 0) done();
    else this.#onDrained = done;
  }

  #append(edit: WalEdit, done: (ok: boolean) => void): void {
    this.#inFlight++;
    this.wal.appendAndSync(edit, (ok) => {
      if (ok) this.#apply(edit);
      this.#inFlight--;
      done(ok);
      if (this.#inFlight === 0 && this.#onDrained !== null) {
        const drained = this.#onDrained;
        this.#onDrained = null;
        drained();
      }
    });
  }

  /**
   * A cell with a client-set timestamp older than the row's newest is kept as an older version in HBase, which
   * a read never returns: the row keeps the newest (an equal timestamp: the later edit wins, as by sequence id).
   */
  #apply(edit: WalEdit): void {
    this.#version++;
    if (edit.ts !== undefined) {
      const newest = this.#cellTs.get(edit.row);
      if (newest !== undefined && newest > edit.ts) return;
      this.#cellTs.set(edit.row, edit.ts);
    } else if (this.#cellTs.size > 0) this.#cellTs.delete(edit.row);
    if (!this.#memstore.has(edit.row)) this.#rowOrder = null;
    this.#memstore.set(edit.row, edit.value);
    if (edit.nonce !== undefined) this.#nonces.set(edit.nonce, edit.processed ?? true);
  }

  #sortedRows(): string[] {
    return (this.#rowOrder ??= [...this.#memstore.keys()].sort(codeUnitOrder));
  }

  /**
   * A row's lock stays in the map once made, unlocked while its queue is empty: rows are few and written over
   * and over, so this spares a map insert and delete (and a new array) per mutation.
   */
  #withRowLock(row: string, task: RowTask): void {
    let lock = this.#rowLocks.get(row);
    if (lock === undefined) {
      lock = new RowLock();
      this.#rowLocks.set(row, lock);
    }
    lock.queue.push(task);
    if (lock.queue.length === 1) task(lock.release);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a === undefined && b === null) || (a === null && b === undefined);
}
