import { describe, expect, test } from 'vitest';
import { HRegion, type WalAppender } from '../../system/regionserver/hregion.ts';
import { regionInfo } from '../../system/hbase/region-info.ts';
import type { WalEdit } from '../../system/regionserver/wal-edit.ts';

/** A WAL whose syncs complete only when the test says so. */
class ManualWal implements WalAppender {
  edits: WalEdit[] = [];
  pending: Array<(ok: boolean) => void> = [];
  appendAndSync(edit: WalEdit, done: (ok: boolean) => void): void {
    this.edits.push(edit);
    this.pending.push(done);
  }
  syncAll(ok = true) {
    const p = this.pending;
    this.pending = [];
    for (const d of p) d(ok);
  }
}

const info = regionInfo('t', '', '', 1);

describe('HRegion', () => {
  test('a cell with a client-set timestamp older than the row\'s newest does not replace it — also after a flush and reopen, and replayed from the WAL', () => {
    const wal = new ManualWal();
    const r = HRegion.open(info, null, [], wal);
    r.put('meta-row', 'new master: OPEN on rs-3', undefined, () => {}, true, 20_600);
    wal.syncAll();
    // A deposed master's put, built at 11.2 s and retried until meta answered, lands last.
    r.put('meta-row', 'old master: OPEN on rs-5', undefined, () => {}, true, 11_200);
    wal.syncAll();
    expect(r.get('meta-row')).toBe('new master: OPEN on rs-3');
    r.put('meta-row', 'same time, later edit', undefined, () => {}, true, 20_600);
    wal.syncAll();
    expect(r.get('meta-row')).toBe('same time, later edit');
    const reopened = HRegion.open(info, r.snapshot(), [{ region: info.encodedName, seq: 99, row: 'meta-row', value: 'stale replay', ts: 1_000 }], new ManualWal());
    expect(reopened.get('meta-row')).toBe('same time, later edit');
    const replayed = HRegion.open(info, null, wal.edits, new ManualWal());
    expect(replayed.get('meta-row')).toBe('same time, later edit');
  });

  test('a put is visible only after its WAL sync, and acknowledged only then', () => {
    const wal = new ManualWal();
    const r = HRegion.open(info, null, [], wal);
    const acks: boolean[] = [];
    r.put('a', 1, undefined, (ok) => acks.push(ok));
    expect(r.get('a')).toBeNull();
    expect(acks).toEqual([]);
    wal.syncAll();
    expect(r.get('a')).toBe(1);
    expect(acks).toEqual([true]);
  });

  test('a failed sync is not applied and reports failure', () => {
    const wal = new ManualWal();
    const r = HRegion.open(info, null, [], wal);
    const acks: boolean[] = [];
    r.put('a', 1, undefined, (ok) => acks.push(ok));
    wal.syncAll(false);
    expect(r.get('a')).toBeNull();
    expect(acks).toEqual([false]);
  });

  test('checkAndPut holds the row lock through the sync: a queued compare sees the earlier put', () => {
    const wal = new ManualWal();
    const r = HRegion.open(info, null, [], wal);
    const results: unknown[] = [];
    r.put('a', 1, undefined, () => results.push('put'));
    r.checkAndPut('a', 1, 2, 'n1', (res) => results.push(res));
    expect(wal.edits).toHaveLength(1); // the compare waits for the row lock
    wal.syncAll();
    wal.syncAll();
    expect(results).toEqual(['put', { ok: true, processed: true }]);
    expect(r.get('a')).toBe(2);
  });

  test('a failed compare writes nothing', () => {
    const wal = new ManualWal();
    const r = HRegion.open(info, null, [], wal);
    const results: unknown[] = [];
    r.checkAndPut('a', 5, 6, 'n1', (res) => results.push(res));
    expect(results).toEqual([{ ok: true, processed: false }]);
    expect(wal.edits).toEqual([]);
  });

  test('a retried checkAndPut with the same nonce is not applied twice, even after a reopen from the WAL', () => {
    const wal = new ManualWal();
    const r = HRegion.open(info, null, [], wal);
    r.put('a', 1, undefined, () => {});
    wal.syncAll();
    r.checkAndPut('a', 1, 2, 'nonce-7', () => {});
    wal.syncAll();
    r.put('a', 1, undefined, () => {});
    wal.syncAll();
    // The region moves: it reopens from the WAL edits (recovered edits), and the client retries.
    const reopened = HRegion.open(info, null, wal.edits, new ManualWal());
    expect(reopened.get('a')).toBe(1);
    const results: unknown[] = [];
    reopened.checkAndPut('a', 1, 2, 'nonce-7', (res) => results.push(res));
    expect(results).toEqual([{ ok: true, processed: true }]);
    expect(reopened.get('a')).toBe(1);
  });

  test('open replays only edits newer than the store file, in sequence order, and opens above them', () => {
    const edits: WalEdit[] = [
      { region: info.encodedName, seq: 7, row: 'a', value: 'new' },
      { region: info.encodedName, seq: 3, row: 'a', value: 'old' },
      { region: info.encodedName, seq: 6, row: 'b', value: 'b6' },
    ];
    const wal = new ManualWal();
    const r = HRegion.open(info, { maxSeq: 5, rows: [['a', 'flushed'], ['c', 'c']], nonces: [] }, edits, wal);
    expect([r.get('a'), r.get('b'), r.get('c')]).toEqual(['new', 'b6', 'c']);
    expect(r.openSeqNum).toBe(8);
    // A flush now covers every replayed edit, and the next edit sorts after all of them.
    const flushedUpTo = r.snapshot().maxSeq;
    expect(flushedUpTo).toBeGreaterThanOrEqual(7);
    r.put('d', 1, undefined, () => {});
    expect(wal.edits[0]!.seq).toBeGreaterThan(flushedUpTo);
  });

  test('whenDrained waits for in-flight mutations', () => {
    const wal = new ManualWal();
    const r = HRegion.open(info, null, [], wal);
    r.put('a', 1, undefined, () => {});
    let drained = false;
    r.whenDrained(() => (drained = true));
    expect(drained).toBe(false);
    wal.syncAll();
    expect(drained).toBe(true);
  });
});

describe('HRegion put retries', () => {
  test('a put retried with the same nonce is not applied again — also after a reopen — so it cannot overwrite a later write', () => {
    const wal = new ManualWal();
    const r = HRegion.open(info, null, [], wal);
    r.put('a', 1, 'client#1', () => {});
    wal.syncAll();
    r.put('a', 2, 'client#2', () => {});
    wal.syncAll();
    const acks: boolean[] = [];
    r.put('a', 1, 'client#1', (ok) => acks.push(ok)); // the first put's retry
    expect(acks).toEqual([true]);
    expect(r.get('a')).toBe(2);
    const reopened = HRegion.open(info, null, wal.edits, new ManualWal());
    reopened.put('a', 1, 'client#1', () => {});
    expect(reopened.get('a')).toBe(2);
  });

  test('without de-duplication (HBase: a Put has no nonce) the retry overwrites the later write', () => {
    const wal = new ManualWal();
    const r = HRegion.open(info, null, [], wal);
    r.put('a', 1, 'client#1', () => {}, false);
    wal.syncAll();
    r.put('a', 2, 'client#2', () => {}, false);
    wal.syncAll();
    r.put('a', 1, 'client#1', () => {}, false);
    wal.syncAll();
    expect(r.get('a')).toBe(1);
  });
});
