/**
 * The ZooKeeper era's admin operations, as HBase 1.0's handlers ran them on the master (CreateTableHandler,
 * DisableTableHandler with its BulkDisabler, EnableTableHandler with its BulkEnabler), plus HMaster.move and
 * HMaster.balance. The admin client waits for a DDL as HBaseAdmin 1.x does, on the table's state (ddlResult).
 *
 * Simplification: 1.1 ran create/disable/enable as procedures persisted in MasterProcWALs; here they are 1.0's
 * handlers, not persisted — a new master finishes a table left DISABLING or ENABLING
 * (AssignmentManager.recoverTableInDisablingState / recoverTableInEnablingState). Table states are
 * `/hbase/table` znodes, mirrored in meta (region-state-store.ts).
 */
import { zkStep } from './zk-step.ts';
import { failure, type ErrorResponse } from '../../hbase/exceptions.ts';
import type { TableState } from '../../hbase/protocol.ts';
import { META_REGION, regionsForTable } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import type { HandlerResult, ZkActiveParts } from './zk-active-parts.ts';

const POLL_MS = 200;

/** A move's id: unique across masters (the master's token, its /hbase/master czxid, then a counter). */
export function nextHandlerId(parts: ZkActiveParts): number {
  return parts.master.activeToken * 10_000 + parts.handlers.size + 1;
}

const DDL_OPS = ['createTable', 'disableTable', 'enableTable'] as const;
type DdlOp = (typeof DDL_OPS)[number];
const TABLE_ID_SPACE = 2 ** 32;

/** FNV-1a, 32 bits: a table's name as a number any master can match against the tables it knows. */
function tableHash(table: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < table.length; i++) h = Math.imul(h ^ table.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A DDL's id names the operation and the table, not the master that ran it: HBaseAdmin 1.x waits for a DDL by
 * watching the table's state (waitUntilTableIsEnabled / isTableDisabled / isTableAvailable), which any master —
 * the one that took over too — answers (ddlResult).
 */
export function ddlHandle(op: DdlOp, table: string): number {
  return (DDL_OPS.indexOf(op) + 1) * TABLE_ID_SPACE + tableHash(table);
}

/** The client's wait on a DDL, answered from the table's state; undefined when the id is not a DDL's. */
export function ddlResult(parts: ZkActiveParts, id: number): HandlerResult | undefined {
  const op = DDL_OPS[Math.floor(id / TABLE_ID_SPACE) - 1];
  if (op === undefined) return undefined;
  const table = parts.am.regionStates.tables().find((t) => tableHash(t) === id % TABLE_ID_SPACE);
  const state = table === undefined ? undefined : parts.am.regionStates.tableState(table);
  const done = op === 'disableTable' ? state === 'DISABLED' : state === 'ENABLED';
  return { state: done ? 'SUCCESS' : 'RUNNING' };
}

function setTableState(parts: ZkActiveParts, table: string, state: TableState, then: () => void): void {
  parts.am.regionStates.setTableState(table, state);
  parts.am.store.updateTableState(table, state, then);
}

export function createTable(parts: ZkActiveParts, table: string, splitKeys: readonly string[]): ErrorResponse | null {
  const { master, am, fs } = parts;
  if (am.regionStates.tableState(table) !== undefined) return failure('TableExistsException', table);
  const regions = regionsForTable(table, splitKeys, master.ctx.now());
  zkStep(master, 'createTable.start', { table });
  fs.createRegionDirs(regions, () =>
    am.store.addRegions(regions, () => {
      for (const r of regions) am.regionStates.createRegionState(r, 'OFFLINE', null, null);
      setTableState(parts, table, 'ENABLING', () => enableLoop(parts, table, () => {}));
    }),
  );
  return null;
}

export function disableTable(parts: ZkActiveParts, table: string): ErrorResponse | null {
  const state = parts.am.regionStates.tableState(table);
  if (state === undefined) return failure('TableNotFoundException', table);
  if (state !== 'ENABLED') return failure('TableNotEnabledException', table);
  zkStep(parts.master, 'disableTable.start', { table });
  setTableState(parts, table, 'DISABLING', () => disableLoop(parts, table, () => {}));
  return null;
}

export function enableTable(parts: ZkActiveParts, table: string): ErrorResponse | null {
  const state = parts.am.regionStates.tableState(table);
  if (state === undefined) return failure('TableNotFoundException', table);
  if (state !== 'DISABLED') return failure('TableNotDisabledException', table);
  zkStep(parts.master, 'enableTable.start', { table });
  setTableState(parts, table, 'ENABLING', () => enableLoop(parts, table, () => {}));
  return null;
}

/** BulkDisabler: unassign every open region of the table until all are offline, then DISABLED. */
function disableLoop(parts: ZkActiveParts, table: string, done: () => void): void {
  const { am } = parts;
  const regions = am.regionStates.ofTable(table);
  for (const r of regions) if (r.state === 'OPEN' && !r.inTransition) am.unassign(r.region);
  const offline = regions.every((r) => !r.inTransition && r.state !== 'OPEN');
  if (!offline) return void parts.master.ctx.setTimer(POLL_MS, () => disableLoop(parts, table, done));
  zkStep(parts.master, 'disableTable.beforeDisabled', { table });
  setTableState(parts, table, 'DISABLED', done);
}

/** BulkEnabler: assign every region of the table not open until all are open, then ENABLED. */
function enableLoop(parts: ZkActiveParts, table: string, done: () => void): void {
  const { am } = parts;
  const regions = am.regionStates.ofTable(table);
  for (const r of regions) if (r.state !== 'OPEN' && !r.inTransition) am.assign(r.region);
  const open = regions.every((r) => r.state === 'OPEN' && !r.inTransition);
  if (!open) return void parts.master.ctx.setTimer(POLL_MS, () => enableLoop(parts, table, done));
  zkStep(parts.master, 'enableTable.beforeEnabled', { table });
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

/**
 * HMaster.move: an open region of an enabled table, not in transition, to an assignable server (or anywhere).
 * `sent` once the close went out (the RPC returns then, as 1.1's synchronous unassign does).
 */
export function move(parts: ZkActiveParts, encoded: string, destination: ServerName | null, sent: (ok: boolean) => void): ErrorResponse | null {
  const { am, serverManager } = parts;
  const state = am.regionStates.get(encoded);
  if (state === undefined || encoded === META_REGION.encodedName) return failure('UnknownRegionException', encoded);
  if (state.state !== 'OPEN' || state.inTransition) return failure('DoNotRetryIOException', `${encoded} is in transition (${state.state})`);
  if (am.regionStates.tableState(state.region.table) !== 'ENABLED') return failure('DoNotRetryIOException', `${state.region.table} is disabled for ${encoded}`);
  if (destination !== null && !serverManager.assignableServers().includes(destination)) return failure('DoNotRetryIOException', `${destination} cannot take regions`);
  const to = destination ?? am.pickServer(serverManager.assignableServers(), state.server);
  am.move(state.region, to, sent);
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
