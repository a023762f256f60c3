/**
 * ServerShutdownHandler (HBase 1.1; HBASE.md §5.1 "SSH"), queued by ServerManager.expireServer:
 *
 *   0. until failoverCleanupDone the handler requeues itself (HBASE-6381: a new master must first process the
 *      regions in transition it found, or the two would assign the same region);
 *   1. carrying meta (MetaServerShutdownHandler): split the meta WAL, assign meta, wait until it is online;
 *   2. the server's regions from hbase:meta (info:server = the server);
 *   3. split its logs (MasterFileSystem.splitLog): its WAL directory renamed to `-splitting`, then one task per
 *      WAL under /hbase/splitWAL that the SplitLogManager waits for while the RegionServers' SplitLogWorkers split
 *      them — each recovering the WAL's lease first, which fences the dead server; a failed task fails the batch
 *      and the handler runs again (ServerShutdownHandler.resubmit);
 *   4. AM.processServerShutdown: regions in transition on it lose their znodes and go OFFLINE;
 *   5. each region not open or in transition elsewhere, of an enabled table, is assigned.
 *
 * The server's split tasks whose worker was this very server are resubmitted at once (SplitLogManager.
 * handleDeadWorker), before the handler waits for anything.
 */
import { zkStep } from './zk-step.ts';
import { META_REGION } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import { deleteNode } from '../../hbase/zk-assign.ts';
import type { RegionState } from './region-states.ts';
import { scanMetaUntilDone, type ZkActiveParts } from './zk-active-parts.ts';

const REQUEUE_MS = 100;
const WAIT_META_MS = 200;
/** How soon a handler whose log split failed runs again (the executor picks the resubmitted handler up at once). */
const RESUBMIT_MS = 1_000;

/**
 * MasterFileSystem.splitLog (or splitMetaLog) through the SplitLogManager, again after a pause until a batch
 * succeeds — the handler's resubmission on the batch's IOException, narrowed to the split itself.
 */
export function splitLogUntilDone(parts: ZkActiveParts, server: ServerName, which: 'meta' | 'user', done: () => void): void {
  parts.slm.splitLog(server, which, (ok) => {
    if (ok) return done();
    parts.master.ctx.setTimer(RESUBMIT_MS, () => splitLogUntilDone(parts, server, which, done));
  });
}

export class ServerShutdownHandler {
  constructor(
    private readonly parts: ZkActiveParts,
    readonly server: ServerName,
  ) {}

  /**
   * MetaServerShutdownHandler's part runs at once — a new master's joinCluster needs meta, so waiting for
   * failoverCleanupDone would wait forever; the user regions' part is requeued until failoverCleanupDone
   * (ServerShutdownHandler.process: "isCarryingMeta() || !am.isFailoverCleanupDone() → processDeadServer").
   */
  process(): void {
    const { master, am } = this.parts;
    if (master.state === 'ABORTED') return;
    this.parts.slm.handleDeadWorker(this.server);
    zkStep(master, 'ssh.start', { server: this.server });
    if (am.regionStates.meta.server === this.server) return this.#processMeta(() => this.#requeueUntilCleanupDone());
    this.#requeueUntilCleanupDone();
  }

  #requeueUntilCleanupDone(): void {
    const { master, am } = this.parts;
    if (master.state === 'ABORTED') return;
    if (!am.failoverCleanupDone) return void master.ctx.setTimer(REQUEUE_MS, () => this.#requeueUntilCleanupDone());
    this.#waitForMeta(() => this.#processUser());
  }

  /** MetaServerShutdownHandler: meta's WAL split, meta assigned anew. */
  #processMeta(then: () => void): void {
    const { am } = this.parts;
    splitLogUntilDone(this.parts, this.server, 'meta', () => {
      am.supersede(META_REGION);
      deleteNode(this.parts.master.zk, this.parts.master.layout.znode.regionInTransition, META_REGION.encodedName, null, -1, () => {
        am.regionStates.regionOffline(META_REGION);
        am.assign(META_REGION, true);
        then();
      });
    });
  }

  #waitForMeta(then: () => void): void {
    const meta = this.parts.am.regionStates.meta;
    if (meta.state === 'OPEN' && !meta.inTransition && meta.server !== null && this.parts.serverManager.isOnline(meta.server)) return then();
    // Meta on this very server, and not yet handled: the meta part runs first.
    if (meta.server === this.server && meta.state === 'OPEN') return this.#processMeta(() => this.#waitForMeta(then));
    this.parts.master.ctx.setTimer(WAIT_META_MS, () => this.#waitForMeta(then));
  }

  #processUser(): void {
    const { master, fs } = this.parts;
    scanMetaUntilDone(this.parts, (contents) => {
      const fromMeta = contents.regions.filter((row) => row.server === this.server).map((row) => row.region.encodedName);
      zkStep(master, 'ssh.beforeSplitLog', { server: this.server });
      this.parts.slm.splitLog(this.server, 'user', (ok) => {
        // The batch failed: the handler runs again from the meta scan (ServerShutdownHandler.resubmit).
        if (!ok) return void master.ctx.setTimer(RESUBMIT_MS, () => this.#processUser());
        fs.deleteSplitWalDir(this.server, () => {
          zkStep(master, 'ssh.afterSplitLog', { server: this.server });
          const inTransition = this.#processServerShutdown();
          const leftOver = this.#leftForThisHandler().map((r) => r.region.encodedName);
          this.#assign([...new Set([...fromMeta, ...inTransition.map((r) => r.region.encodedName), ...leftOver])].sort());
        });
      });
    });
  }

  /**
   * AssignmentManager.processServerShutdown → RegionStates.serverOffline: the server is processed; its open
   * regions go offline; regions in transition on it go OFFLINE. Returns those. Their znodes stay (1.1 deletes only
   * a splitting or merging region's): the assign forces each OFFLINE anew, and a master that dies before it leaves
   * the znode for the next one — deleted here, the next master found none and took meta's stale info:server for
   * the region's home (failover seed 103797 with --assignment zk: open nowhere, OPEN in the master's view).
   */
  #processServerShutdown(): RegionState[] {
    const { am, serverManager, master } = this.parts;
    serverManager.serverCrashProcessed(this.server);
    for (const r of am.regionStates.onServer(this.server)) if (!r.inTransition) am.regionStates.regionOffline(r.region);
    // Planted bug HBASE-6060 (0.92/0.94): the regions on their way to the dead server (PENDING_OPEN, OPENING) are
    // not its handler's — only the TimeoutMonitor, 30 minutes later in 0.94 and gone in 1.x, would reassign them.
    const headedHere = (r: RegionState) => r.state === 'PENDING_OPEN' || r.state === 'OPENING';
    const rits = am.regionsInTransitionOn(this.server).filter((r) => !(master.deps.bugs.has('ssh-skips-regions-opening-on-it') && headedHere(r)));
    for (const r of rits) {
      am.supersede(r.region);
      am.regionStates.regionOffline(r.region);
    }
    return rits;
  }

  /**
   * Regions last OPEN on this server that another server's handler left OFFLINE or CLOSED, out of transition: an
   * open elsewhere (a move, a balance) failed with its target's death, that target's handler skipped the assign
   * because this server, the region's last host, was dead and not yet processed (wasRegionOnDeadServer) — and meta
   * already names the failed target (it wrote info:server before OPENED), so neither meta's list nor this
   * server's regions in transition hold it. 1.1 assigns it nowhere (failover seed 9100005 with --assignment zk: a
   * move to rs-2, rs-2 and the source rs-3 die, rs-2's handler finishes first). Safer than HBase 1.x.
   */
  #leftForThisHandler(): RegionState[] {
    return this.parts.am.regionStates.all().filter((r) => r.lastAssignment === this.server && !r.inTransition && (r.state === 'OFFLINE' || r.state === 'CLOSED'));
  }

  /** Each region: skip a disabled table's (offline), one open or in transition elsewhere; assign the rest. */
  #assign(encodedNames: readonly string[]): void {
    const { am } = this.parts;
    for (const name of encodedNames) {
      const state = am.regionStates.get(name);
      if (state === undefined || name === META_REGION.encodedName) continue;
      if (am.regionStates.isTableDisabledOrDisabling(state.region.table)) {
        if (state.server === this.server || state.server === null) am.regionStates.regionOffline(state.region);
        continue;
      }
      // A region left CLOSED or OFFLINE after a failed open elsewhere, whose last host was this server: the
      // AssignmentManager skipped it (wasRegionOnDeadServer) for this handler to assign. 1.x skips it here too, as
      // "in transition on another server", and nobody assigns it (failover seed 7082 with --assignment zk, a
      // FAILED_OPEN while the last host's handler waited for meta). Safer than HBase 1.x (README).
      // OFFLINE in transition is an assign under way (assign's forceRegionStateToOffline): another handler that ran
      // in the same moment took it, and forcing a second one on it loses the region (failover seed 31318 with
      // --assignment zk: the RegionServer ignored the second open as one it was already opening, and the first
      // lost its OFFLINE→OPENING compare-and-set to the second's znode).
      const leftForThisHandler = state.lastAssignment === this.server && (state.state === 'CLOSED' || (state.state === 'OFFLINE' && !state.inTransition));
      if (!leftForThisHandler && state.server !== null && state.server !== this.server && (state.state === 'OPEN' || state.inTransition)) continue;
      if (state.state === 'OPEN' && state.server === this.server) am.regionStates.regionOffline(state.region);
      am.assign(state.region, leftForThisHandler);
    }
  }
}
