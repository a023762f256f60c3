/**
 * AssignRegionHandler and UnassignRegionHandler: open a region from its store file plus recovered edits, and
 * close one with a flush, each ending with a reportRegionStateTransition the master must accept.
 *
 * A region is served only after the master accepted its OPENED report (postOpenDeployTasks), and stops being
 * served before its CLOSED report is sent — so a region is never served by two servers at once as long as the
 * master only opens it elsewhere after the close (or after fencing a dead server).
 */
import { RECOVERED_EDITS_TEMP_SUFFIX, recoveredEditsDir, seqIdFileName, seqIdOfFile, regionTmpDir, storeDir, storeFileName } from '../hbase/paths.ts';
import type { RegionInfo } from '../hbase/region-info.ts';
import type { ReportTransitionRequest, StatusResponse, TransitionCode } from '../hbase/protocol.ts';
import type { ServerName } from '../hbase/server-name.ts';
import type { FSHLog } from './fshlog.ts';
import { HRegion } from './hregion.ts';
import type { HRegionServer } from './hregionserver.ts';
import type { StoreFile, WalEdit } from './wal-edit.ts';

const TRANSITION_RETRY_MS = 100;

/** What a region opens from: its newest store file, the recovered edits (and their file names), and its sequence-id files. */
interface DurableState {
  store: StoreFile | null;
  edits: WalEdit[];
  editFiles: string[];
  seqIdFiles: string[];
  maxSeqIdFromFile: number;
}
const TRANSITION_RETRY_MAX_MS = 5_000;

export class RegionHandlers {
  constructor(private readonly rs: HRegionServer) {}

  open(region: RegionInfo, procId: number): void {
    // A re-sent open (HBASE-22404): running, failed or done already — opening again would serve a region the
    // master may have moved on from.
    if (!this.rs.submitRegionProcedure(procId)) return;
    this.#open(region, procId, 0);
  }

  #open(region: RegionInfo, procId: number, attempt: number): void {
    const rs = this.rs;
    const name = region.encodedName;
    if (rs.lifecycle === 'ABORTED') return;
    if (rs.online.has(name)) return this.#report('OPENED', region, procId, rs.online.get(name)?.openSeqNum ?? 0, () => rs.finishRegionProcedure(procId));
    // AssignRegionHandler: an open for a region still closing here (its CLOSED report not yet acknowledged) waits.
    if (rs.inTransition.get(name)?.action === 'close') return this.#retryLater(attempt, () => this.#open(region, procId, attempt + 1));
    rs.inTransition.set(name, { action: 'open', procId });
    rs.movedRegions.delete(name);
    this.#loadDurableState(region, (loaded) => {
      if (!this.#stillOurs(name, procId)) return;
      rs.walFor(region, (wal) => this.#openWith(region, procId, loaded, wal));
    });
  }

  #openWith(region: RegionInfo, procId: number, loaded: DurableState | null, wal: FSHLog | null): void {
    const name = region.encodedName;
    if (!this.#stillOurs(name, procId)) return;
    const failOpen = () => this.#report('FAILED_OPEN', region, procId, -1, () => this.#leaveTransition(name, procId));
    if (loaded === null || wal === null) return failOpen();
    const hregion = HRegion.open(region, loaded.store, loaded.edits, wal, loaded.maxSeqIdFromFile);
    // Replayed edits are flushed before the recovered.edits are removed, so they are never lost or replayed twice.
    const persist = (then: () => void) => (loaded.edits.length === 0 ? then() : this.#flushAndDropRecoveredEdits(hregion, loaded.editFiles, then));
    persist(() =>
      this.#writeRegionSequenceIdFile(region, hregion.openSeqNum - 1, loaded.seqIdFiles, (written) => {
        if (!this.#stillOurs(name, procId)) return;
        if (!written) return failOpen();
        hregion.writeOpenMarker((synced) => {
          if (!this.#stillOurs(name, procId)) return;
          if (!synced) return failOpen();
          this.#reportOpened(hregion, procId);
        });
      }),
    );
  }

  /**
   * WALSplitUtil.writeRegionSequenceIdFile: an empty `<maxSeqId>.seqid` in recovered.edits, then the older ones
   * removed. Written at every open (HRegion.initializeRegionInternals), so the next open starts above it.
   */
  #writeRegionSequenceIdFile(region: RegionInfo, maxSeqId: number, older: readonly string[], done: (ok: boolean) => void): void {
    const fs = this.rs.fs;
    const dir = recoveredEditsDir(region);
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

  #reportOpened(hregion: HRegion, procId: number): void {
    const rs = this.rs;
    const region = hregion.info;
    const name = region.encodedName;
    rs.failpoint('rs.region.openedBeforeReport', { region: name, table: region.table, procId });
    this.#report('OPENED', region, procId, hregion.openSeqNum, () => {
      if (!this.#stillOurs(name, procId)) return;
      this.#leaveTransition(name, procId);
      rs.finishRegionProcedure(procId);
      rs.online.set(name, hregion);
      rs.trace.emit('region.opened', { region: name, table: region.table, server: rs.serverName, seqNum: hregion.openSeqNum });
    });
  }

  close(name: string, procId: number, destination: ServerName | null): void {
    if (!this.rs.submitRegionProcedure(procId)) return;
    this.#close(name, procId, destination, 0);
  }

  #close(name: string, procId: number, destination: ServerName | null, attempt: number): void {
    const rs = this.rs;
    if (rs.lifecycle === 'ABORTED') return;
    // UnassignRegionHandler: a close for a region still opening waits for the open to finish (the master counts a
    // region as open once it took the OPENED report, before this server serves it), then closes it.
    if (rs.inTransition.get(name)?.action === 'open') return this.#retryLater(attempt, () => this.#close(name, procId, destination, attempt + 1));
    const hregion = rs.online.get(name);
    if (hregion === undefined) {
      // Not here (a close re-sent after a failover, or never opened): closed is the truth.
      return this.#reportRegionName('CLOSED', name, procId, -1, () => rs.finishRegionProcedure(procId));
    }
    rs.inTransition.set(name, { action: 'close', procId });
    rs.online.delete(name); // new requests get NotServingRegionException from now on
    hregion.whenDrained(() =>
      this.#flush(hregion, () => {
        rs.trace.emit('region.closed', { region: name, table: hregion.info.table, server: rs.serverName });
        if (destination !== null) rs.movedRegions.set(name, { destination, until: rs.ctx.now() + rs.config.regionMovedTimeoutMs });
        this.#report('CLOSED', hregion.info, procId, -1, () => {
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
      fs.list(recoveredEditsDir(region), (listing) => {
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
          fs.read(`${recoveredEditsDir(region)}/${file}`, (r) => {
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
    fs.list(storeDir(region), (listing) => {
      if (listing.code === 'FileNotFoundException') return done(null);
      if (listing.code !== 'ok') return done(undefined);
      const newestFirst = [...(listing.value ?? [])].sort().reverse();
      const tryNext = (i: number): void => {
        const name = newestFirst[i];
        if (name === undefined) return done(null);
        fs.read(`${storeDir(region)}/${name}`, (r) => {
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
        this.rs.fs.delete(`${recoveredEditsDir(hregion.info)}/${file}`, false, (r) => {
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
    const dir = storeDir(hregion.info);
    const name = storeFileName(snapshot.maxSeq, rs.serverName);
    const tmp = `${regionTmpDir(hregion.info)}/${name}`;
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

  #report(code: TransitionCode, region: RegionInfo, procId: number, openSeqNum: number, accepted: () => void): void {
    this.#reportRegionName(code, region.encodedName, procId, openSeqNum, accepted);
  }

  /** reportRegionStateTransition, retried until the master accepts; a rejection as dead is fatal (HBASE-21508). */
  #reportRegionName(code: TransitionCode, region: string, procId: number, openSeqNum: number, accepted: () => void, attempt = 0): void {
    const rs = this.rs;
    if (rs.lifecycle === 'ABORTED') return;
    const request: ReportTransitionRequest = { server: rs.serverName, code, region, procId, openSeqNum, initiatingMasterActiveTime: 0 };
    rs.callMaster<StatusResponse>('reportRegionStateTransition', request, (response) => {
      if (rs.lifecycle === 'ABORTED') return;
      if (response?.ok) return accepted();
      if (response !== null && (response.error === 'YouAreDeadException' || response.error === 'DoNotRetryIOException')) {
        return rs.abort(`reportRegionStateTransition rejected: ${response.error} ${response.message ?? ''}`);
      }
      const backoff = Math.min(rs.config.clientPauseMs * 2 ** Math.min(attempt, 6), 5_000);
      rs.ctx.setTimer(backoff, () => this.#reportRegionName(code, region, procId, openSeqNum, accepted, attempt + 1));
    });
  }
}
