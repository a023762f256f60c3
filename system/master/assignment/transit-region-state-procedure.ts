/**
 * TransitRegionStateProcedure (HBASE.md §4): assign, unassign or move one region.
 *
 *   ASSIGN:   GET_ASSIGN_CANDIDATE → OPEN → CONFIRM_OPENED
 *   UNASSIGN: CLOSE → CONFIRM_CLOSED
 *   MOVE:     CLOSE → CONFIRM_CLOSED → GET_ASSIGN_CANDIDATE → OPEN → CONFIRM_OPENED
 *
 * It holds the region (RegionStateNode.procedureId) from creation to the end, so no second procedure can
 * transit the same region. A region closed by a crash (ABNORMALLY_CLOSED) is reopened first even by an
 * unassign, because its edits must be replayed (HBASE-20878). No rollback: it retries until it is done.
 */
import type { RegionInfo } from '../../hbase/region-info.ts';
import { isMeta } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import type { MasterProcedureEnv } from '../master-env.ts';
import { Procedure, type StepControl } from '../procedure/procedure.ts';
import { CloseRegionProcedure, OpenRegionProcedure, RegionRemoteProcedure } from './region-remote-procedure.ts';
import type { RegionStateNode } from './region-state-node.ts';

export type TransitionType = 'ASSIGN' | 'UNASSIGN' | 'MOVE';
export type TrspState =
  | 'REGION_STATE_TRANSITION_GET_ASSIGN_CANDIDATE'
  | 'REGION_STATE_TRANSITION_OPEN'
  | 'REGION_STATE_TRANSITION_CONFIRM_OPENED'
  | 'REGION_STATE_TRANSITION_CLOSE'
  | 'REGION_STATE_TRANSITION_CONFIRM_CLOSED';

export interface TrspData {
  region: RegionInfo;
  transitionType: TransitionType;
  state: TrspState;
  candidate: ServerName | null;
  forceNewPlan: boolean;
  openAttempts: number;
  /** Set when a ServerCrashProcedure created this assign: the server the region was on. */
  crashedServer: ServerName | null;
}

/** Immediate re-plans after a failed open before backing off (hbase.assignment.retry.immediately.maximum.attempts). */
const RETRY_IMMEDIATELY = 3;

export class TransitRegionStateProcedure extends Procedure<MasterProcedureEnv> {
  readonly type = 'TransitRegionStateProcedure';
  trspState: TrspState;
  candidate: ServerName | null;
  forceNewPlan = false;
  openAttempts = 0;
  crashedServer: ServerName | null = null;
  /** Volatile: a DisableTableProcedure took the region from this TRSP before it ran (forceCreateUnssignProcedure). */
  displaced = false;

  constructor(
    readonly region: RegionInfo,
    readonly transitionType: TransitionType,
    target: ServerName | null = null,
  ) {
    super();
    this.candidate = target;
    this.trspState = transitionType === 'ASSIGN' ? 'REGION_STATE_TRANSITION_GET_ASSIGN_CANDIDATE' : 'REGION_STATE_TRANSITION_CLOSE';
  }

  static fromData(d: TrspData): TransitRegionStateProcedure {
    const p = new TransitRegionStateProcedure(d.region, d.transitionType, d.candidate);
    Object.assign(p, { trspState: d.state, forceNewPlan: d.forceNewPlan, openAttempts: d.openAttempts, crashedServer: d.crashedServer });
    return p;
  }

  get state(): string {
    return this.trspState;
  }

  toData(): TrspData {
    return {
      region: this.region,
      transitionType: this.transitionType,
      state: this.trspState,
      candidate: this.candidate,
      forceNewPlan: this.forceNewPlan,
      openAttempts: this.openAttempts,
      crashedServer: this.crashedServer,
    };
  }

  /** A root TRSP (a move, a balancer plan) also takes its table, so it never races a DDL procedure. */
  override locks(): string[] {
    const region = `region:${this.region.encodedName}`;
    return this.parentId === null ? [`table:${this.region.table}`, region] : [region];
  }

  execute(env: MasterProcedureEnv, control: StepControl): void {
    // HBase's TRSP quits when the region is no longer attached to it.
    if (this.displaced) return control.finish();
    if (!isMeta(this.region) && !env.isMetaLoaded()) {
      env.waitMetaLoaded(this);
      return control.suspend();
    }
    const node = env.regionStates.getOrCreate(this.region);
    node.procedureId = this.procId;
    env.failpoint(`master.trsp.${this.trspState}`, { procId: this.procId, region: this.region.encodedName, transition: this.transitionType, location: node.regionLocation, candidate: this.candidate });
    switch (this.trspState) {
      case 'REGION_STATE_TRANSITION_GET_ASSIGN_CANDIDATE':
        return this.#getAssignCandidate(env, node, control);
      case 'REGION_STATE_TRANSITION_OPEN':
        return this.#open(env, node, control);
      case 'REGION_STATE_TRANSITION_CONFIRM_OPENED':
        return this.#confirmOpened(env, node, control);
      case 'REGION_STATE_TRANSITION_CLOSE':
        return this.#close(env, node, control);
      case 'REGION_STATE_TRANSITION_CONFIRM_CLOSED':
        return this.#confirmClosed(env, node, control);
    }
  }

  #getAssignCandidate(env: MasterProcedureEnv, node: RegionStateNode, control: StepControl): void {
    // HBASE-23594: an assign made for a crashed server is moot if the region already opened elsewhere.
    if (this.crashedServer !== null && !env.bugs.has('scp-assigns-region-moved-away') && node.state === 'OPEN' && node.regionLocation !== this.crashedServer && node.regionLocation !== null && env.servers.isOnline(node.regionLocation)) {
      return this.#done(env, node, control);
    }
    if (this.forceNewPlan || this.candidate === null || !env.servers.isOnline(this.candidate)) {
      this.candidate = env.pickServer(this.region, this.forceNewPlan ? node.lastHost : null);
    }
    if (this.candidate === null) return control.retry('no RegionServer available for assignment');
    if (this.openAttempts > RETRY_IMMEDIATELY && this.attempts === 0) return control.retry(`re-plan after ${this.openAttempts} failed opens`);
    this.trspState = 'REGION_STATE_TRANSITION_OPEN';
    control.next();
  }

  #open(env: MasterProcedureEnv, node: RegionStateNode, control: StepControl): void {
    const target = this.candidate as ServerName;
    node.withLock((release) => {
      node.transitionState('OPENING');
      node.regionLocation = target;
      env.trace.emit('am.transition', { region: this.region.encodedName, state: 'OPENING', server: target });
      env.stateStore.updateRegionLocation(node, () => {
        this.trspState = 'REGION_STATE_TRANSITION_CONFIRM_OPENED';
        control.addChildren([new OpenRegionProcedure(this.region, target) as never]);
        release();
      });
    });
  }

  #confirmOpened(env: MasterProcedureEnv, node: RegionStateNode, control: StepControl): void {
    if (node.state === 'OPEN') {
      if (this.transitionType !== 'UNASSIGN') return this.#done(env, node, control);
      // An unassign that had to reopen a crashed region first now closes it.
      this.trspState = 'REGION_STATE_TRANSITION_CLOSE';
      return control.next();
    }
    this.openAttempts++;
    this.forceNewPlan = true;
    this.trspState = 'REGION_STATE_TRANSITION_GET_ASSIGN_CANDIDATE';
    control.next();
  }

  #close(env: MasterProcedureEnv, node: RegionStateNode, control: StepControl): void {
    node.withLock((release) => {
      if (node.isInState('OPEN', 'CLOSING') && node.regionLocation !== null) {
        const from = node.regionLocation;
        node.transitionState('CLOSING');
        env.trace.emit('am.transition', { region: this.region.encodedName, state: 'CLOSING', server: from });
        return env.stateStore.updateRegionLocation(node, () => {
          this.trspState = 'REGION_STATE_TRANSITION_CONFIRM_CLOSED';
          const destination = this.transitionType === 'MOVE' ? this.candidate : null;
          control.addChildren([new CloseRegionProcedure(this.region, from, destination) as never]);
          release();
        });
      }
      release();
      if (node.isInState('CLOSED', 'OFFLINE') && this.transitionType === 'UNASSIGN') return this.#done(env, node, control);
      // Crashed (or never open): a move assigns it; an unassign must reopen it first (ABNORMALLY_CLOSED).
      this.trspState = 'REGION_STATE_TRANSITION_GET_ASSIGN_CANDIDATE';
      this.forceNewPlan = this.transitionType === 'MOVE' && this.candidate === null;
      control.next();
    });
  }

  #confirmClosed(env: MasterProcedureEnv, node: RegionStateNode, control: StepControl): void {
    if (node.state === 'CLOSED') {
      if (this.transitionType === 'UNASSIGN') return this.#done(env, node, control);
      this.trspState = 'REGION_STATE_TRANSITION_GET_ASSIGN_CANDIDATE';
      return control.next();
    }
    if (node.state === 'ABNORMALLY_CLOSED') {
      this.trspState = 'REGION_STATE_TRANSITION_GET_ASSIGN_CANDIDATE';
      this.forceNewPlan = true;
      return control.next();
    }
    this.trspState = 'REGION_STATE_TRANSITION_CLOSE';
    control.retry(`region still ${node.state} after close`);
  }

  /**
   * Called by a ServerCrashProcedure whose server this region was on (or was going to), with the node's lock
   * held. If a remote procedure to that server is still attached — dispatching, or reported and not yet
   * finished — it learns of the crash; otherwise the region is closed abnormally here.
   */
  serverCrashed(env: MasterProcedureEnv, node: RegionStateNode, server: ServerName, done: () => void): void {
    this.forceNewPlan = true;
    const remote = this.attachedRemote(env);
    // Before HBASE-23594 the crash went to whatever remote procedure was attached, aimed at that server or not.
    const bug = env.bugs.has('scp-assigns-region-moved-away');
    if (remote !== undefined && (bug || remote.isAttachedTo(server))) {
      remote.serverCrashed(env);
      return done();
    }
    node.lastHost = server;
    node.regionLocation = null;
    node.transitionState('ABNORMALLY_CLOSED');
    env.trace.emit('am.transition', { region: this.region.encodedName, state: 'ABNORMALLY_CLOSED', server: null });
    env.stateStore.updateRegionLocation(node, done);
  }

  attachedRemote(env: MasterProcedureEnv): RegionRemoteProcedure | undefined {
    return env.executor.childrenOf(this.procId).find((c): c is RegionRemoteProcedure => c instanceof RegionRemoteProcedure && c.isAttached());
  }

  #done(env: MasterProcedureEnv, node: RegionStateNode, control: StepControl): void {
    if (node.procedureId === this.procId) node.procedureId = null;
    control.finish();
  }
}
