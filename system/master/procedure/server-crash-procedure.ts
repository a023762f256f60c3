/**
 * ServerCrashProcedure (HBASE.md §4): recover everything a dead RegionServer held.
 *
 *   START → [SPLIT_META_LOGS → ASSIGN_META] → GET_REGIONS → SPLIT_LOGS → DELETE_SPLIT_WALS_DIR → ASSIGN → FINISH
 *
 * Fencing comes first: splitting renames the server's WAL directory to `-splitting` and recovers each WAL's
 * lease, so a zombie of that server can no longer acknowledge a write; only then are its regions reopened,
 * with its edits waiting for them in recovered.edits. It holds the server's lock for its whole life
 * (HBASE-21565) and never rolls back.
 *
 * Simplification: one WAL per RegionServer (HBase keeps meta's edits in a separate WAL). SPLIT_META_LOGS writes
 * only meta's edits out of it (the user regions are not known before meta is loaded), SPLIT_LOGS the user
 * regions' edits once meta is loaded — each edit split exactly once, as with HBase's two WALs.
 */
import { META_REGION } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import { TransitRegionStateProcedure } from '../assignment/transit-region-state-procedure.ts';
import type { MasterProcedureEnv } from '../master-env.ts';
import { Procedure, type StepControl } from './procedure.ts';

export type ScpState =
  | 'SERVER_CRASH_START'
  | 'SERVER_CRASH_SPLIT_META_LOGS'
  | 'SERVER_CRASH_ASSIGN_META'
  | 'SERVER_CRASH_GET_REGIONS'
  | 'SERVER_CRASH_SPLIT_LOGS'
  | 'SERVER_CRASH_DELETE_SPLIT_WALS_DIR'
  | 'SERVER_CRASH_ASSIGN'
  | 'SERVER_CRASH_FINISH';

export interface ScpData {
  server: ServerName;
  state: ScpState;
  carryingMeta: boolean;
  regions: string[];
  /** False only with the planted bug HBASE-21565 (absent in older records: true). */
  holdsServerLock?: boolean;
}

export class ServerCrashProcedure extends Procedure<MasterProcedureEnv> {
  readonly type = 'ServerCrashProcedure';
  scpState: ScpState = 'SERVER_CRASH_START';
  carryingMeta = false;
  /** Encoded names of the regions on the server when GET_REGIONS ran. */
  regions: string[] = [];
  /**
   * holdLock: the server's exclusive lock for the procedure's whole life, so no second SCP of the same server runs
   * beside it (HBASE-21565). Off only with that planted bug, where HBase 2.1 took the lock step by step — modelled
   * as no lock at all, since a step here may span many events.
   */
  holdsServerLock = true;

  constructor(readonly server: ServerName) {
    super();
  }

  static fromData(d: ScpData): ServerCrashProcedure {
    return Object.assign(new ServerCrashProcedure(d.server), { scpState: d.state, carryingMeta: d.carryingMeta, regions: d.regions, holdsServerLock: d.holdsServerLock ?? true });
  }

  get state(): string {
    return this.scpState;
  }

  toData(): ScpData {
    return { server: this.server, state: this.scpState, carryingMeta: this.carryingMeta, regions: this.regions, holdsServerLock: this.holdsServerLock };
  }

  override locks(): string[] {
    return this.holdsServerLock ? [`server:${this.server}`] : [];
  }

  execute(env: MasterProcedureEnv, control: StepControl): void {
    env.failpoint(`master.scp.${this.scpState}`, { procId: this.procId, server: this.server });
    const metaSteps: ScpState[] = ['SERVER_CRASH_START', 'SERVER_CRASH_SPLIT_META_LOGS', 'SERVER_CRASH_ASSIGN_META'];
    if (!metaSteps.includes(this.scpState) && !env.isMetaLoaded()) {
      env.waitMetaLoaded(this);
      return control.suspend();
    }
    switch (this.scpState) {
      case 'SERVER_CRASH_START': {
        const meta = env.regionStates.getOrCreate(META_REGION);
        this.carryingMeta = meta.regionLocation === this.server;
        this.scpState = this.carryingMeta ? 'SERVER_CRASH_SPLIT_META_LOGS' : 'SERVER_CRASH_GET_REGIONS';
        env.servers.setServerState(this.server, this.carryingMeta ? 'SPLITTING_META' : 'CRASHED');
        return control.next();
      }
      case 'SERVER_CRASH_SPLIT_META_LOGS':
        return env.fs.splitWals(this.server, 'meta', () => {
          env.servers.setServerState(this.server, 'SPLITTING_META_DONE');
          this.scpState = 'SERVER_CRASH_ASSIGN_META';
          control.next();
        });
      case 'SERVER_CRASH_ASSIGN_META':
        this.scpState = 'SERVER_CRASH_GET_REGIONS';
        return this.#assign(env, [META_REGION.encodedName], control);
      case 'SERVER_CRASH_GET_REGIONS':
        this.regions = env.regionStates
          .onServer(this.server)
          .map((n) => n.encodedName)
          .filter((r) => r !== META_REGION.encodedName);
        // Planted bug HBASE-5179/13895: assign first, split the logs after.
        this.scpState = env.bugs.has('assign-before-log-split') ? 'SERVER_CRASH_ASSIGN' : 'SERVER_CRASH_SPLIT_LOGS';
        return control.next();
      case 'SERVER_CRASH_SPLIT_LOGS':
        env.servers.setServerState(this.server, 'SPLITTING');
        return env.fs.splitWals(this.server, 'user', () => {
          this.scpState = 'SERVER_CRASH_DELETE_SPLIT_WALS_DIR';
          control.next();
        });
      case 'SERVER_CRASH_DELETE_SPLIT_WALS_DIR':
        return env.fs.deleteSplitWalDir(this.server, () => {
          this.scpState = env.bugs.has('assign-before-log-split') ? 'SERVER_CRASH_FINISH' : 'SERVER_CRASH_ASSIGN';
          control.next();
        });
      case 'SERVER_CRASH_ASSIGN':
        // With the planted bug the split comes after the assignment (GET_REGIONS → ASSIGN → SPLIT_LOGS → … → FINISH).
        this.scpState = env.bugs.has('assign-before-log-split') ? 'SERVER_CRASH_SPLIT_LOGS' : 'SERVER_CRASH_FINISH';
        return this.#assign(env, this.regions, control);
      case 'SERVER_CRASH_FINISH':
        env.servers.serverCrashProcessed(this.server);
        return control.finish();
    }
  }

  /**
   * assignRegions: for each region still located on the dead server (HBASE-23594), hand it to the TRSP that
   * holds it, or assign it anew — as it stands, located on the dead server, with no state written first, so a
   * master that dies before this step's children are persisted finds it there again when the step re-runs.
   * Regions of disabling or disabled tables are only closed abnormally (HBASE-23636).
   */
  #assign(env: MasterProcedureEnv, encodedNames: readonly string[], control: StepControl): void {
    const children: TransitRegionStateProcedure[] = [];
    const pending = [...encodedNames];
    const nextRegion = (): void => {
      const name = pending.shift();
      if (name === undefined) return control.addChildren(children as never[]);
      const node = env.regionStates.get(name);
      if (node === undefined) return nextRegion();
      // Judge the region under its lock: a transition half-way through its meta write finishes first.
      node.withLock((release) => {
        const done = () => {
          release();
          nextRegion();
        };
        const holder = node.procedureId === null ? undefined : env.executor.get(node.procedureId);
        const held = holder instanceof TransitRegionStateProcedure && holder.status !== 'SUCCESS' && holder.status !== 'FAILED';
        // isMatchingRegionLocation: a TRSP may have moved the region off this server since GET_REGIONS (HBASE-23594).
        if (node.regionLocation !== this.server && !env.bugs.has('scp-assigns-region-moved-away')) return done();
        if (held) return holder.serverCrashed(env, node, this.server, done);
        const tableState = env.regionStates.tableState(node.region.table);
        if (tableState === 'DISABLED' || tableState === 'DISABLING') {
          node.lastHost = this.server;
          node.regionLocation = null;
          node.transitionState('ABNORMALLY_CLOSED');
          env.trace.emit('am.transition', { region: name, state: 'ABNORMALLY_CLOSED', server: null });
          return env.stateStore.updateRegionLocation(node, done);
        }
        const assign = new TransitRegionStateProcedure(node.region, 'ASSIGN');
        assign.crashedServer = this.server;
        assign.forceNewPlan = true;
        children.push(assign);
        node.lastHost = this.server;
        node.reserveForProcedure();
        done();
      });
    };
    nextRegion();
  }
}
