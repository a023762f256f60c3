/**
 * The ZooKeeper era's admin operations, as HBase 1.0's handlers ran them on the master (CreateTableHandler,
 * DisableTableHandler with its BulkDisabler, EnableTableHandler with its BulkEnabler), plus HMaster.move and
 * HMaster.balance. Each answers the admin client with an id whose result it polls.
 *
 * Simplifications: 1.1 ran create/disable/enable as procedures persisted in MasterProcWALs; here they are 1.0's
 * handlers, not persisted — a new master finishes a table left DISABLING or ENABLING
 * (AssignmentManager.recoverTableInDisablingState / recoverTableInEnablingState), and a client polling a dead
 * master's handler learns nothing more (its outcome is unknown). Table states live in hbase:meta (1.1:
 * `/hbase/table` znodes).
 */
import { failure, type ErrorResponse } from '../../hbase/exceptions.ts';
import type { TableState } from '../../hbase/protocol.ts';
import { META_REGION, regionsForTable } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import type { ZkActiveParts } from './zk-active-parts.ts';

const POLL_MS = 200;

/** A handler's id: unique across masters (the master's token, its /hbase/master czxid, then a counter). */
export function nextHandlerId(parts: ZkActiveParts): number {
  return parts.master.activeToken * 10_000 + parts.handlers.size + 1;
}

function setTableState(parts: ZkActiveParts, table: string, state: TableState, then: () => void): void {
  parts.am.regionStates.setTableState(table, state);
  parts.am.store.updateTableState(table, state, then);
}

export function createTable(parts: ZkActiveParts, id: number, table: string, splitKeys: readonly string[]): ErrorResponse | null {
  const { master, am, fs } = parts;
  if (am.regionStates.tableState(table) !== undefined) return failure('TableExistsException', table);
  const regions = regionsForTable(table, splitKeys, master.ctx.now());
  parts.handlers.set(id, { state: 'RUNNING' });
  master.failpoint('master.zk.createTable.start', { table });
  fs.createRegionDirs(regions, () =>
    am.store.addRegions(regions, () => {
      for (const r of regions) am.regionStates.createRegionState(r, 'OFFLINE', null, null);
      setTableState(parts, table, 'ENABLING', () => enableLoop(parts, table, () => finish(parts, id)));
    }),
  );
  return null;
}

export function disableTable(parts: ZkActiveParts, id: number, table: string): ErrorResponse | null {
  const state = parts.am.regionStates.tableState(table);
  if (state === undefined) return failure('TableNotFoundException', table);
  if (state !== 'ENABLED') return failure('TableNotEnabledException', table);
  parts.handlers.set(id, { state: 'RUNNING' });
  parts.master.failpoint('master.zk.disableTable.start', { table });
  setTableState(parts, table, 'DISABLING', () => disableLoop(parts, table, () => finish(parts, id)));
  return null;
}

export function enableTable(parts: ZkActiveParts, id: number, table: string): ErrorResponse | null {
  const state = parts.am.regionStates.tableState(table);
  if (state === undefined) return failure('TableNotFoundException', table);
  if (state !== 'DISABLED') return failure('TableNotDisabledException', table);
  parts.handlers.set(id, { state: 'RUNNING' });
  parts.master.failpoint('master.zk.enableTable.start', { table });
  setTableState(parts, table, 'ENABLING', () => enableLoop(parts, table, () => finish(parts, id)));
  return null;
}

function finish(parts: ZkActiveParts, id: number): void {
  parts.handlers.set(id, { state: 'SUCCESS' });
}

/** BulkDisabler: unassign every open region of the table until all are offline, then DISABLED. */
function disableLoop(parts: ZkActiveParts, table: string, done: () => void): void {
  const { am } = parts;
  const regions = am.regionStates.ofTable(table);
  for (const r of regions) if (r.state === 'OPEN' && !r.inTransition) am.unassign(r.region);
  const offline = regions.every((r) => !r.inTransition && r.state !== 'OPEN');
  if (!offline) return void parts.master.ctx.setTimer(POLL_MS, () => disableLoop(parts, table, done));
  parts.master.failpoint('master.zk.disableTable.beforeDisabled', { table });
  setTableState(parts, table, 'DISABLED', done);
}

/** BulkEnabler: assign every region of the table not open until all are open, then ENABLED. */
function enableLoop(parts: ZkActiveParts, table: string, done: () => void): void {
  const { am } = parts;
  const regions = am.regionStates.ofTable(table);
  for (const r of regions) if (r.state !== 'OPEN' && !r.inTransition) am.assign(r.region);
  const open = regions.every((r) => r.state === 'OPEN' && !r.inTransition);
  if (!open) return void parts.master.ctx.setTimer(POLL_MS, () => enableLoop(parts, table, done));
  parts.master.failpoint('master.zk.enableTable.beforeEnabled', { table });
  setTableState(parts, table, 'ENABLED', done);
}

/** recoverTableInDisablingState / recoverTableInEnablingState: a new master finishes what the old one began. */
export function recoverTablesInTransition(parts: ZkActiveParts): void {
  const { am } = parts;
  for (const table of am.regionStates.tables()) {
    const state = am.regionStates.tableState(table);
    if (state === 'DISABLING') disableLoop(parts, table, () => {});
    if (state === 'ENABLING') enableLoop(parts, table, () => {});
  }
}

/** HMaster.move: an open region of an enabled table, not in transition, to an assignable server (or anywhere). */
export function move(parts: ZkActiveParts, encoded: string, destination: ServerName | null): ErrorResponse | null {
  const { am, serverManager } = parts;
  const state = am.regionStates.get(encoded);
  if (state === undefined || encoded === META_REGION.encodedName) return failure('UnknownRegionException', encoded);
  if (state.state !== 'OPEN' || state.inTransition) return failure('DoNotRetryIOException', `${encoded} is in transition (${state.state})`);
  if (am.regionStates.tableState(state.region.table) !== 'ENABLED') return failure('DoNotRetryIOException', `${state.region.table} is disabled for ${encoded}`);
  if (destination !== null && !serverManager.assignableServers().includes(destination)) return failure('DoNotRetryIOException', `${destination} cannot take regions`);
  const to = destination ?? am.pickServer(serverManager.assignableServers(), state.server);
  am.move(state.region, to);
  return null;
}

/**
 * HMaster.balance (1.1): not run while a region is in transition or a dead server is being processed; else the
 * plans are executed at once (AssignmentManager.balance → unassign with the plan's destination).
 */
export function balance(parts: ZkActiveParts): void {
  const { master, am, serverManager } = parts;
  const server = master.serverName;
  if (!parts.initialized) return master.trace.emit('master.balanceNotRun', { server, reason: 'master not initialized' });
  const rit = am.regionStates.inTransition().length;
  if (rit > 0) return master.trace.emit('master.balanceNotRun', { server, reason: `${rit} region(s) in transition` });
  if (serverManager.areDeadServersInProgress()) return master.trace.emit('master.balanceNotRun', { server, reason: 'processing dead regionserver(s)' });
  const plans = am.balancePlans(serverManager.assignableServers());
  master.trace.emit('master.balance', { server, plans: plans.length });
  for (const plan of plans) am.move(plan.region, plan.to);
}

/** BalancerChore: every hbase.balancer.period from initialisation. */
export function startBalancerChore(parts: ZkActiveParts): void {
  const period = parts.master.config.balancerPeriodMs;
  if (period <= 0) return;
  parts.master.ctx.setTimer(period, () => {
    balance(parts);
    startBalancerChore(parts);
  });
}
