/**
 * AssignRegionHandler and UnassignRegionHandler: open a region from its store file plus recovered edits, and
 * close one with a flush, each ending with a reportRegionStateTransition the master must accept — a report the
 * master answers with an error aborts this server. Like HBase's, they stay silent (no report at all) for an
 * open of a region already online or opening, and for a close of a region not online or already closing.
 *
 * A region is served only after the master accepted its OPENED report (postOpenDeployTasks), and stops being
 * served before its CLOSED report is sent — so a region is never served by two servers at once as long as the
 * master only opens it elsewhere after the close (or after fencing a dead server).
 */
import { RECOVERED_EDITS_TEMP_SUFFIX, seqIdFileName, seqIdOfFile, storeFileName } from '../hbase/paths.ts';
import type { RegionInfo } from '../hbase/region-info.ts';
import type { ReportTransitionRequest, StatusResponse, TransitionCode } from '../hbase/protocol.ts';
import type { ServerName } from '../hbase/server-name.ts';
import type { FSHLog } from './fshlog.ts';
import { HRegion } from './hregion.ts';
import type { HRegionServer } from './hregionserver.ts';
import type { StoreFile, WalEdit } from './wal-edit.ts';

const TRANSITION_RETRY_MS = 100;

/** What a region opens from: its newest store file, the recovered edits (and their file names), and its sequence-id files. */
export interface DurableState {
  store: StoreFile | null;
  edits: WalEdit[];
  editFiles: string[];
  seqIdFiles: string[];
  maxSeqIdFromFile: number;
}
const TRANSITION_RETRY_MAX_MS = 5_000;

export class RegionHandlers {
  constructor(private readonly rs: HRegionServer) {}

  /** `token`: the initiating master's active time, echoed in the report (AssignRegionHandler, HBASE-28690). */
  open(region: RegionInfo, procId: number, token: number): void {
    // A re-sent open (HBASE-22404): running, failed or done already — opening again would serve a region the
    // master may have moved on from.
    if (!this.rs.submitRegionProcedure(procId)) return;
    this.#open(region, procId, token, 0);
  }

  /**
   * AssignRegionHandler.process. Silent, as HBase is, for a region already online (a re-sent open whose first
   * copy finished: its report was accepted already) and for one already opening (the running handler
   * reports); an open for a region still closing here waits for the close to finish.
   */
  #open(region: RegionInfo, procId: number, token: number, attempt: number): void {
    const rs = this.rs;
    const name = region.encodedName;
    if (rs.lifecycle === 'ABORTED') return;
    if (rs.online.has(name)) return;
    const current = rs.inTransition.get(name);
    if (current?.action === 'open') return;
    if (current?.action === 'close') return this.#retryLater(attempt, () => this.#open(region, procId, token, attempt + 1));
    rs.inTransition.set(name, { action: 'open', procId });
    rs.movedRegions.delete(name);
    this.#loadDurableState(region, (loaded) => {
      if (!this.#stillOurs(name, procId)) return;
      rs.walFor(region, (wal) => this.#openWith(region, procId, token, loaded, wal));
    });
  }

  #openWith(region: RegionInfo, procId: number, token: number, loaded: DurableState | null, wal: FSHLog | null): void {
    const stillOurs = () => this.#stillOurs(region.encodedName, procId);
    this.initializeRegion(region, loaded, wal, stillOurs, (hregion) => (hregion === null ? this.#reportFailedOpen(region, procId, token) : this.#reportOpened(hregion, procId, token)));
  }

  /**
   * HRegion.openHRegion's durable part, shared by both assignment eras: the region from its store file and
   * recovered edits, the replayed edits flushed, the sequence-id file and the open marker written. `opened(null)`
   * when the open failed; nothing at all once `stillOurs` says the open was taken from this handler.
   */
  initializeRegion(region: RegionInfo, loaded: DurableState | null, wal: FSHLog | null, stillOurs: () => boolean, opened: (hregion: HRegion | null) => void): void {
    if (!stillOurs()) return;
    if (loaded === null || wal === null) return opened(null);
    const hregion = HRegion.open(region, loaded.store, loaded.edits, wal, loaded.maxSeqIdFromFile);
    // Replayed edits are flushed before the recovered.edits are removed, so they are never lost or replayed twice.
    const persist = (then: () => void) => (loaded.edits.length === 0 ? then() : this.#flushAndDropRecoveredEdits(hregion, loaded.editFiles, then));
    persist(() =>
      this.#writeRegionSequenceIdFile(region, hregion.openSeqNum - 1, loaded.seqIdFiles, (written) => {
        if (!stillOurs()) return;
        if (!written) return opened(null);
        hregion.writeOpenMarker((synced) => {
          if (!stillOurs()) return;
          if (!synced) return opened(null);
          opened(hregion);
        });
      }),
    );
  }

  /** What a region opens from and the WAL it writes to; `loaded` null when its files could not be read. */
  loadForOpen(region: RegionInfo, stillOurs: () => boolean, done: (loaded: DurableState | null, wal: FSHLog | null) => void): void {
    this.#loadDurableState(region, (loaded) => {
      if (!stillOurs()) return;
      this.rs.walFor(region, (wal) => done(loaded, wal));
    });
  }

  /** A region's close: its snapshot flushed into a new store file (aborts the server on failure, as HBase does). */
  flushForClose(hregion: HRegion, then: () => void): void {
    this.#flush(hregion, then);
  }

  /**
   * WALSplitUtil.writeRegionSequenceIdFile: an empty `<maxSeqId>.seqid` in recovered.edits, then the older ones
   * removed. Written at every open (HRegion.initializeRegionInternals), so the next open starts above it.
   */
  #writeRegionSequenceIdFile(region: RegionInfo, maxSeqId: number, older: readonly string[], done: (ok: boolean) => void): void {
    const fs = this.rs.fs;
    const dir = this.rs.layout.recoveredEditsDir(region);
    const name = seqIdFileName(maxSeqId);
    if (older.includes(name)) return done(true);
    fs.create(`${dir}/${name}`, { createParent: true, overwrite: false }, (created) => {
      if (created.code === 'FileAlreadyExistsException') return done(true);
      if (created.code !== 'ok' || created.value === undefined) return done(false);
      created.value.close((closed) => {
        if (closed.code !== 'ok') return done(false);
        for (const old of older) if (old !== name) fs.delete(`${dir}/${old}`, false, () => {});
        done(true);
      });
    });
  }

  #reportOpened(hregion: HRegion, procId: number, token: number): void {
    const rs = this.rs;
    const region = hregion.info;
    const name = region.encodedName;
    rs.failpoint('rs.region.openedBeforeReport', { region: name, table: region.table, procId });
    // postOpenDeployTasks: past this point a failed report aborts the server (handleException).
    this.#report('OPENED', region, procId, token, hregion.openSeqNum, () => {
      if (!this.#stillOurs(name, procId)) return;
      this.#leaveTransition(name, procId);
      rs.finishRegionProcedure(procId);
      rs.online.set(name, hregion);
      rs.trace.emit('region.opened', { region: name, table: region.table, startKey: region.startKey, endKey: region.endKey, server: rs.serverName, seqNum: hregion.openSeqNum });
      rs.failpoint('rs.region.opened', { region: name, table: region.table, procId });
    });
  }

  /**
   * cleanUpAndReportFailure: the region leaves transition before FAILED_OPEN is reported, and the procedure is
   * not finished — its procId stays submitted, so a re-send of this open is still recognised (HBASE-22404).
   */
  #reportFailedOpen(region: RegionInfo, procId: number, token: number): void {
    this.#leaveTransition(region.encodedName, procId);
    this.#report('FAILED_OPEN', region, procId, token, -1, () => {});
  }

  close(name: string, procId: number, destination: ServerName | null, token: number): void {
    if (!this.rs.submitRegionProcedure(procId)) return;
    this.#close(name, procId, destination, token, 0);
  }

  /**
   * UnassignRegionHandler.process. A close for a region still opening waits for the open to finish (the master
   * counts a region as open once it took the OPENED report, before this server serves it), then closes it.
   * Silent, as HBase is, for a region already closing (the running handler reports) and for one that is not
   * online here: no CLOSED report is sent for it, so the master's close waits — until a crash of this server
   * is handled, or forever.
   */
  #close(name: string, procId: number, destination: ServerName | null, token: number, attempt: number): void {
    const rs = this.rs;
    if (rs.lifecycle === 'ABORTED') return;
    const current = rs.inTransition.get(name);
    if (current?.action === 'open') return this.#retryLater(attempt, () => this.#close(name, procId, destination, token, attempt + 1));
    if (current?.action === 'close') return;
    const hregion = rs.online.get(name);
    if (hregion === undefined) return;
    rs.inTransition.set(name, { action: 'close', procId });
    rs.online.delete(name); // new requests get NotServingRegionException from now on
    hregion.whenDrained(() =>
      this.#flush(hregion, () => {
        rs.trace.emit('region.closed', { region: name, table: hregion.info.table, server: rs.serverName });
        if (destination !== null) rs.movedRegions.set(name, { destination, until: rs.ctx.now() + rs.config.regionMovedTimeoutMs });
        this.#report('CLOSED', hregion.info, procId, token, -1, () => {
          this.#leaveTransition(name, procId);
          rs.finishRegionProcedure(procId);
        });
      }),
    );
  }

  /** The region leaves transition — unless another procedure's open or close has taken it meanwhile. */
  #leaveTransition(name: string, procId: number): void {
    if (this.rs.inTransition.get(name)?.procId === procId) this.rs.inTransition.delete(name);
  }

  /** HandlerUtil's retry counter (delayedSubmit): 100 ms doubling, capped (30 s in HBase, scaled here). */
  #retryLater(attempt: number, again: () => void): void {
    this.rs.ctx.setTimer(Math.min(TRANSITION_RETRY_MS * 2 ** Math.min(attempt, 8), TRANSITION_RETRY_MAX_MS), again);
  }

  #stillOurs(name: string, procId: number): boolean {
    const t = this.rs.inTransition.get(name);
    return this.rs.lifecycle !== 'ABORTED' && t !== undefined && t.procId === procId;
  }

  #loadDurableState(region: RegionInfo, done: (loaded: DurableState | null) => void): void {
    this.#newestStoreFile(region, (store) => {
      if (store === undefined) return done(null);
      const fs = this.rs.fs;
      fs.list(this.rs.layout.recoveredEditsDir(region), (listing) => {
        if (listing.code !== 'ok' && listing.code !== 'FileNotFoundException') return done(null);
        const names = listing.value ?? [];
        const seqIdFiles = names.filter((name) => seqIdOfFile(name) !== null);
        const maxSeqIdFromFile = Math.max(0, ...seqIdFiles.map((name) => seqIdOfFile(name) as number));
        // A split still being written (or abandoned by a dead master) is not recovered edits yet.
        const editFiles = names.filter((name) => !name.endsWith(RECOVERED_EDITS_TEMP_SUFFIX) && seqIdOfFile(name) === null);
        const edits: WalEdit[] = [];
        const readNext = (i: number): void => {
          const file = editFiles[i];
          if (file === undefined) return done({ store, edits, editFiles, seqIdFiles, maxSeqIdFromFile });
          fs.read(`${this.rs.layout.recoveredEditsDir(region)}/${file}`, (r) => {
            if (r.code !== 'ok') return done(null);
            edits.push(...((r.value ?? []) as WalEdit[]));
            readNext(i + 1);
          });
        };
        readNext(0);
      });
    });
  }

  /** The newest store file that holds a snapshot (a crashed flush leaves an empty one behind); undefined on error. */
  #newestStoreFile(region: RegionInfo, done: (store: StoreFile | null | undefined) => void): void {
    const fs = this.rs.fs;
    fs.list(this.rs.layout.storeDir(region), (listing) => {
      if (listing.code === 'FileNotFoundException') return done(null);
      if (listing.code !== 'ok') return done(undefined);
      const newestFirst = [...(listing.value ?? [])].sort().reverse();
      const tryNext = (i: number): void => {
        const name = newestFirst[i];
        if (name === undefined) return done(null);
        fs.read(`${this.rs.layout.storeDir(region)}/${name}`, (r) => {
          if (r.code !== 'ok') return done(undefined);
          const snapshot = (r.value ?? []).at(-1) as StoreFile | undefined;
          if (snapshot === undefined) return tryNext(i + 1);
          done(snapshot);
        });
      };
      tryNext(0);
    });
  }

  /** The replayed files are deleted one by one (the sequence-id file stays), as HRegion.replayRecoveredEditsIfAny does. */
  #flushAndDropRecoveredEdits(hregion: HRegion, files: readonly string[], then: () => void): void {
    this.#flush(hregion, () => {
      const deleteNext = (i: number): void => {
        const file = files[i];
        if (file === undefined) return then();
        this.rs.fs.delete(`${this.rs.layout.recoveredEditsDir(hregion.info)}/${file}`, false, (r) => {
          if (r.code !== 'ok' && r.code !== 'FileNotFoundException') return this.rs.abort(`cannot delete recovered edits: ${r.code}`);
          deleteNext(i + 1);
        });
      };
      deleteNext(0);
    });
  }

  /**
   * Write the region's snapshot as a new store file, then drop the older ones. As HStore's flush does, the file is
   * written under the region's `.tmp` and committed into the store by a rename (HRegionFileSystem.commitStoreFile),
   * so a flush that fails — which aborts the server, as in HBase — never touches a committed file. A store file of
   * the same name is the same snapshot (nothing was written since): the commit then leaves it as it is.
   */
  #flush(hregion: HRegion, then: () => void): void {
    const rs = this.rs;
    const snapshot = hregion.snapshot();
    const dir = this.rs.layout.storeDir(hregion.info);
    const name = storeFileName(snapshot.maxSeq, rs.serverName);
    const tmp = `${this.rs.layout.regionTmpDir(hregion.info)}/${name}`;
    const failed = (code: string) => rs.abort(`flush of ${hregion.info.encodedName} failed: ${code}`);
    rs.fs.create(tmp, { createParent: true, overwrite: true }, (created) => {
      if (created.code !== 'ok' || created.value === undefined) return failed(created.code);
      const writer = created.value;
      writer.appendAndSync([snapshot], (synced) => {
        if (synced.code !== 'ok') return failed(synced.code);
        writer.close(() =>
          rs.fs.mkdirs(dir, () =>
            rs.fs.rename(tmp, `${dir}/${name}`, (committed) => {
              if (committed.code === 'FileAlreadyExistsException') rs.fs.delete(tmp, false, () => {});
              else if (committed.code !== 'ok') return failed(committed.code);
              rs.fs.list(dir, (listing) => {
                for (const old of listing.value ?? []) if (old < name) rs.fs.delete(`${dir}/${old}`, false, () => {});
                then();
              });
            }),
          ),
        );
      });
    });
  }

  #report(code: TransitionCode, region: RegionInfo, procId: number, token: number, openSeqNum: number, accepted: () => void): void {
    this.#reportRegionName(code, region.encodedName, procId, token, openSeqNum, accepted);
  }

  /**
   * HRegionServer.reportRegionStateTransition: retried while the call fails (no master, PleaseHoldException,
   * an old master — MasterNotRunningException drops the master stub, so the retry goes to the master ZooKeeper
   * names now); a response carrying an error — "You are dead" (HBASE-21508) or a failed transition
   * (UnexpectedStateException) — makes it return false, which the handler turns into an abort.
   */
  #reportRegionName(code: TransitionCode, region: string, procId: number, token: number, openSeqNum: number, accepted: () => void, attempt = 0): void {
    const rs = this.rs;
    if (rs.lifecycle === 'ABORTED') return;
    const request: ReportTransitionRequest = { server: rs.serverName, code, region, procId, openSeqNum, initiatingMasterActiveTime: token };
    rs.callMaster<StatusResponse>('reportRegionStateTransition', request, (response) => {
      if (rs.lifecycle === 'ABORTED') return;
      if (response?.ok) return accepted();
      if (response !== null && REPORT_REJECTED.has(response.error)) {
        return rs.abort(`reportRegionStateTransition rejected: ${response.error} ${response.message ?? ''}`);
      }
      const backoff = Math.min(rs.config.clientPauseMs * 2 ** Math.min(attempt, 6), 5_000);
      rs.ctx.setTimer(backoff, () => this.#reportRegionName(code, region, procId, token, openSeqNum, accepted, attempt + 1));
    });
  }
}

/** Answers that are the master's verdict on the report (its response's error message), not a failed call. */
const REPORT_REJECTED: ReadonlySet<string> = new Set(['YouAreDeadException', 'UnexpectedStateException', 'DoNotRetryIOException']);
