/**
 * The table DDL procedures and InitMeta (HBASE.md §4 "DDL procedures"). Each holds its table's exclusive lock
 * for its whole life; its region transitions are child TRSPs that share that lock. Every step is idempotent:
 * after a master failover the last persisted step runs again.
 */
import { META_REGION, META_TABLE, regionsForTable, type RegionInfo } from '../../hbase/region-info.ts';
import { TransitRegionStateProcedure } from '../assignment/transit-region-state-procedure.ts';
import type { RegionStateNode } from '../assignment/region-state-node.ts';
import type { MasterProcedureEnv } from '../master-env.ts';
import { Procedure, type StepControl } from './procedure.ts';

abstract class TableProcedure<S extends string> extends Procedure<MasterProcedureEnv> {
  constructor(
    readonly table: string,
    public step: S,
  ) {
    super();
  }

  get state(): string {
    return this.step;
  }

  override locks(): string[] {
    return [`table:${this.table}`];
  }

  protected waitForMeta(env: MasterProcedureEnv, control: StepControl): boolean {
    if (env.isMetaLoaded()) return false;
    env.waitMetaLoaded(this);
    control.suspend();
    return true;
  }

  protected moveTo(next: S, control: StepControl): void {
    this.step = next;
    control.next();
  }
}

export type CreateTableState =
  | 'CREATE_TABLE_PRE_OPERATION'
  | 'CREATE_TABLE_WRITE_FS_LAYOUT'
  | 'CREATE_TABLE_ADD_TO_META'
  | 'CREATE_TABLE_ASSIGN_REGIONS'
  | 'CREATE_TABLE_UPDATE_DESC_CACHE'
  | 'CREATE_TABLE_POST_OPERATION';

export class CreateTableProcedure extends TableProcedure<CreateTableState> {
  readonly type = 'CreateTableProcedure';

  constructor(
    table: string,
    readonly regions: RegionInfo[],
    step: CreateTableState = 'CREATE_TABLE_PRE_OPERATION',
  ) {
    super(table, step);
  }

  static create(table: string, splitKeys: readonly string[], regionId: number): CreateTableProcedure {
    return new CreateTableProcedure(table, regionsForTable(table, splitKeys, regionId));
  }

  toData() {
    return { table: this.table, regions: this.regions, step: this.step };
  }

  execute(env: MasterProcedureEnv, control: StepControl): void {
    if (this.waitForMeta(env, control)) return;
    env.failpoint(`master.createTable.${this.step}`, { procId: this.procId, table: this.table });
    switch (this.step) {
      case 'CREATE_TABLE_PRE_OPERATION':
        if (env.regionStates.tableState(this.table) !== undefined) return control.fail('TableExistsException');
        return this.moveTo('CREATE_TABLE_WRITE_FS_LAYOUT', control);
      case 'CREATE_TABLE_WRITE_FS_LAYOUT':
        return env.fs.createRegionDirs(this.regions, () => this.moveTo('CREATE_TABLE_ADD_TO_META', control));
      case 'CREATE_TABLE_ADD_TO_META':
        return env.stateStore.addRegions(this.regions, () =>
          env.stateStore.updateTableState(this.table, 'ENABLING', () => {
            env.regionStates.setTableState(this.table, 'ENABLING');
            for (const r of this.regions) env.regionStates.getOrCreate(r);
            this.moveTo('CREATE_TABLE_ASSIGN_REGIONS', control);
          }),
        );
      case 'CREATE_TABLE_ASSIGN_REGIONS':
        this.step = 'CREATE_TABLE_UPDATE_DESC_CACHE';
        return control.addChildren(assignAll(env, this.regions) as never[]);
      case 'CREATE_TABLE_UPDATE_DESC_CACHE':
        return env.stateStore.updateTableState(this.table, 'ENABLED', () => {
          env.regionStates.setTableState(this.table, 'ENABLED');
          this.moveTo('CREATE_TABLE_POST_OPERATION', control);
        });
      case 'CREATE_TABLE_POST_OPERATION':
        return control.finish();
    }
  }
}

export type DisableTableState = 'DISABLE_TABLE_PREPARE' | 'DISABLE_TABLE_SET_DISABLING_TABLE_STATE' | 'DISABLE_TABLE_MARK_REGIONS_OFFLINE' | 'DISABLE_TABLE_SET_DISABLED_TABLE_STATE' | 'DISABLE_TABLE_POST_OPERATION';

export class DisableTableProcedure extends TableProcedure<DisableTableState> {
  readonly type = 'DisableTableProcedure';

  constructor(table: string, step: DisableTableState = 'DISABLE_TABLE_PREPARE') {
    super(table, step);
  }

  toData() {
    return { table: this.table, step: this.step };
  }

  execute(env: MasterProcedureEnv, control: StepControl): void {
    if (this.waitForMeta(env, control)) return;
    env.failpoint(`master.disableTable.${this.step}`, { procId: this.procId, table: this.table });
    switch (this.step) {
      case 'DISABLE_TABLE_PREPARE': {
        const state = env.regionStates.tableState(this.table);
        if (state === undefined) return control.fail('TableNotFoundException');
        if (state !== 'ENABLED') return control.fail('TableNotEnabledException');
        return this.moveTo('DISABLE_TABLE_SET_DISABLING_TABLE_STATE', control);
      }
      case 'DISABLE_TABLE_SET_DISABLING_TABLE_STATE':
        return env.stateStore.updateTableState(this.table, 'DISABLING', () => {
          env.regionStates.setTableState(this.table, 'DISABLING');
          this.moveTo('DISABLE_TABLE_MARK_REGIONS_OFFLINE', control);
        });
      case 'DISABLE_TABLE_MARK_REGIONS_OFFLINE': {
        this.step = 'DISABLE_TABLE_SET_DISABLED_TABLE_STATE';
        const children = env.regionStates
          .ofTable(this.table)
          .filter((n) => !n.isInState('CLOSED', 'OFFLINE') && (n.procedureId === null || displaceWaitingRoot(env, n)))
          .map((n) => attach(n, new TransitRegionStateProcedure(n.region, 'UNASSIGN')));
        return control.addChildren(children as never[]);
      }
      case 'DISABLE_TABLE_SET_DISABLED_TABLE_STATE':
        // A region still held by another TRSP (a crash reassigning it) must be closed before we are done.
        if (env.regionStates.ofTable(this.table).some((n) => !n.isInState('CLOSED', 'OFFLINE'))) {
          this.step = 'DISABLE_TABLE_MARK_REGIONS_OFFLINE';
          return control.retry('regions of the table are still open or in transition');
        }
        return env.stateStore.updateTableState(this.table, 'DISABLED', () => {
          env.regionStates.setTableState(this.table, 'DISABLED');
          this.moveTo('DISABLE_TABLE_POST_OPERATION', control);
        });
      case 'DISABLE_TABLE_POST_OPERATION':
        return control.finish();
    }
  }
}

export type EnableTableState = 'ENABLE_TABLE_PREPARE' | 'ENABLE_TABLE_SET_ENABLING_TABLE_STATE' | 'ENABLE_TABLE_MARK_REGIONS_ONLINE' | 'ENABLE_TABLE_SET_ENABLED_TABLE_STATE' | 'ENABLE_TABLE_POST_OPERATION';

export class EnableTableProcedure extends TableProcedure<EnableTableState> {
  readonly type = 'EnableTableProcedure';

  constructor(table: string, step: EnableTableState = 'ENABLE_TABLE_PREPARE') {
    super(table, step);
  }

  toData() {
    return { table: this.table, step: this.step };
  }

  execute(env: MasterProcedureEnv, control: StepControl): void {
    if (this.waitForMeta(env, control)) return;
    env.failpoint(`master.enableTable.${this.step}`, { procId: this.procId, table: this.table });
    switch (this.step) {
      case 'ENABLE_TABLE_PREPARE': {
        const state = env.regionStates.tableState(this.table);
        if (state === undefined) return control.fail('TableNotFoundException');
        if (state !== 'DISABLED') return control.fail('TableNotDisabledException');
        return this.moveTo('ENABLE_TABLE_SET_ENABLING_TABLE_STATE', control);
      }
      case 'ENABLE_TABLE_SET_ENABLING_TABLE_STATE':
        return env.stateStore.updateTableState(this.table, 'ENABLING', () => {
          env.regionStates.setTableState(this.table, 'ENABLING');
          this.moveTo('ENABLE_TABLE_MARK_REGIONS_ONLINE', control);
        });
      case 'ENABLE_TABLE_MARK_REGIONS_ONLINE':
        this.step = 'ENABLE_TABLE_SET_ENABLED_TABLE_STATE';
        return control.addChildren(assignAll(env, env.regionStates.ofTable(this.table).map((n) => n.region)) as never[]);
      case 'ENABLE_TABLE_SET_ENABLED_TABLE_STATE':
        return env.stateStore.updateTableState(this.table, 'ENABLED', () => {
          env.regionStates.setTableState(this.table, 'ENABLED');
          this.moveTo('ENABLE_TABLE_POST_OPERATION', control);
        });
      case 'ENABLE_TABLE_POST_OPERATION':
        return control.finish();
    }
  }
}

export type InitMetaState = 'INIT_META_WRITE_FS_LAYOUT' | 'INIT_META_ASSIGN_META' | 'INIT_META_DONE';

/** Bootstraps a new cluster: meta's directory, then meta's first assignment. */
export class InitMetaProcedure extends Procedure<MasterProcedureEnv> {
  readonly type = 'InitMetaProcedure';
  step: InitMetaState = 'INIT_META_WRITE_FS_LAYOUT';

  get state(): string {
    return this.step;
  }

  toData() {
    return { step: this.step };
  }

  override locks(): string[] {
    return [`table:${META_TABLE}`];
  }

  execute(env: MasterProcedureEnv, control: StepControl): void {
    switch (this.step) {
      case 'INIT_META_WRITE_FS_LAYOUT':
        return env.fs.createRegionDirs([META_REGION], () => {
          this.step = 'INIT_META_ASSIGN_META';
          control.next();
        });
      case 'INIT_META_ASSIGN_META': {
        this.step = 'INIT_META_DONE';
        const node = env.regionStates.getOrCreate(META_REGION);
        if (node.state === 'OPEN' || node.procedureId !== null) return control.next();
        return control.addChildren([attach(node, new TransitRegionStateProcedure(META_REGION, 'ASSIGN')) as never]);
      }
      case 'INIT_META_DONE':
        return control.finish();
    }
  }
}

/** TRSP assigns for every region that is not open and not held by another procedure. */
function assignAll(env: MasterProcedureEnv, regions: readonly RegionInfo[]): TransitRegionStateProcedure[] {
  return regions
    .map((r) => env.regionStates.getOrCreate(r))
    .filter((n) => n.state !== 'OPEN' && n.procedureId === null)
    .map((n) => attach(n, new TransitRegionStateProcedure(n.region, 'ASSIGN')));
}

/**
 * forceCreateUnssignProcedure: a region held by a root TRSP (a move, a balancer plan) is taken from it. That TRSP
 * has not run yet — it needs the table's lock for its whole life, and we hold it — and it quits when it does run.
 * Waiting for it instead would deadlock: it waits for our table lock, we for its region.
 */
function displaceWaitingRoot(env: MasterProcedureEnv, node: RegionStateNode): boolean {
  const holder = node.procedureId === null ? undefined : env.executor.get(node.procedureId);
  if (!(holder instanceof TransitRegionStateProcedure) || holder.parentId !== null || holder.status === 'SUCCESS' || holder.status === 'FAILED') return false;
  holder.displaced = true;
  return true;
}

function attach(node: RegionStateNode, procedure: TransitRegionStateProcedure): TransitRegionStateProcedure {
  node.reserveForProcedure();
  return procedure;
}
