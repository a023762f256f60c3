/**
 * MasterRpcServices: RegionServerStatusService (startup, reports, region transitions) and MasterService
 * (DDL, move, balance, procedure results). A backup master answers MasterNotRunningException. An active master
 * answers ServerNotRunningYetException to RegionServers until its service threads are started — after it has
 * fenced the old master, loaded the procedures and found the dead servers (checkServiceStarted, HBASE.md §1.3
 * step 9) — and PleaseHoldException to admin calls until it is initialised (checkInitialized, step 14).
 */
import type { Reply } from '../../harness/network.ts';
import { failure } from '../hbase/exceptions.ts';
import { SERVICE, type AdminRequest, type ProcedureResultRequest, type RegionServerReportRequest, type RegionServerStartupRequest, type ReportTransitionRequest } from '../hbase/protocol.ts';
import { TransitRegionStateProcedure } from './assignment/transit-region-state-procedure.ts';
import type { ActiveParts, HMaster } from './hmaster.ts';
import type { Procedure } from './procedure/procedure.ts';
import type { MasterProcedureEnv } from './master-env.ts';
import { CreateTableProcedure, DisableTableProcedure, EnableTableProcedure } from './procedure/table-procedures.ts';
import { serveMaster, serveRegionServerStatus } from './zk-assignment/zk-master-rpc.ts';

export function serveMasterRpcs(master: HMaster): void {
  const { network } = master.deps;
  network.listen(master.ctx, SERVICE.regionServerStatus, (request, reply) => {
    if (master.zkActive !== null && master.state !== 'ABORTED') return serveRegionServerStatus(master.zkActive, request.method, request.payload, reply);
    const active = master.active;
    if (active === null || master.state === 'ABORTED') return reply(failure('MasterNotRunningException', `${master.serverName} is not the active master`));
    // checkServiceStarted, first thing in regionServerStartup, regionServerReport and reportRegionStateTransition.
    if (!active.executor.started) return reply(failure('ServerNotRunningYetException', 'Server is not running yet'));
    switch (request.method) {
      case 'regionServerStartup': {
        const r = request.payload as RegionServerStartupRequest;
        const skew = Math.abs(r.currentTime - master.ctx.now());
        if (skew > 30_000) return reply(failure('DoNotRetryIOException', `ClockOutOfSyncException: ${r.server} is ${skew} ms off`));
        return reply(active.serverManager.regionServerStartup(r.server) ?? { ok: true });
      }
      case 'regionServerReport': {
        // The report's region list is only logged by HBase (AM.reportOnlineRegions never transitions state).
        const r = request.payload as RegionServerReportRequest;
        return reply(active.serverManager.regionServerReport(r.server) ?? { ok: true });
      }
      case 'reportRegionStateTransition': {
        const r = request.payload as ReportTransitionRequest;
        // Planted bug HBASE-28690 (before its fix): no throwOnOldMaster, a deposed master takes the report.
        if (!master.deps.bugs.has('old-master-accepts-reports') && isFromNewerMaster(master, r)) return reply(failure('MasterNotRunningException', 'Another master is active'));
        return active.am.reportTransition(active.env, r, reply);
      }
      default:
        return reply(failure('DoNotRetryIOException', `unknown method ${request.method}`));
    }
  });
  network.listen(master.ctx, SERVICE.master, (request, reply) => {
    if (master.zkActive !== null && master.state !== 'ABORTED') return serveMaster(master.zkActive, request.method, request.payload, reply);
    const active = master.active;
    if (active === null || master.state === 'ABORTED') return reply(failure('MasterNotRunningException', `${master.serverName} is not the active master`));
    if (master.state !== 'INITIALIZED') return reply(failure('PleaseHoldException', 'Master is initializing'));
    if (request.method === 'getProcedureResult') return procedureResult(active, request.payload as ProcedureResultRequest, reply);
    if (request.method === 'admin') return admin(master, active, request.payload as AdminRequest, reply);
    reply(failure('DoNotRetryIOException', `unknown method ${request.method}`));
  });
}

/**
 * throwOnOldMaster (HBASE-28690): a report for an open or close that a newer master sent is not ours to take —
 * we were deposed and do not know it yet. The RegionServer drops its stub and asks the master ZooKeeper names.
 */
function isFromNewerMaster(master: HMaster, report: ReportTransitionRequest): boolean {
  return report.initiatingMasterActiveTime > master.activeToken;
}

function procedureResult(active: ActiveParts, req: ProcedureResultRequest, reply: Reply): void {
  const p = active.executor.get(req.procId);
  if (p === undefined) return reply({ ok: true, state: 'NOT_FOUND' });
  if (p.status === 'SUCCESS') return reply({ ok: true, state: 'SUCCESS' });
  if (p.status === 'FAILED') return reply({ ok: true, state: 'FAILED', error: p.error });
  reply({ ok: true, state: 'RUNNING' });
}

function admin(master: HMaster, active: ActiveParts, req: AdminRequest, reply: Reply): void {
  const { executor, am, serverManager } = active;
  // A retried submission (same nonce) gets the same procedure back (ProcedureExecutor nonces).
  const existing = executor.findByNonce(req.nonce);
  if (existing !== undefined) return executor.whenPersisted(existing.procId, () => reply({ ok: true, procId: existing.procId }));
  const submit = (procedure: Procedure<MasterProcedureEnv>): number => {
    procedure.nonce = req.nonce;
    const procId = executor.submit(procedure, () => reply({ ok: true, procId }));
    return procId;
  };
  switch (req.op) {
    case 'createTable':
      submit(CreateTableProcedure.create(req.table, req.splitKeys, master.ctx.now()));
      return;
    case 'disableTable':
      if (am.regionStates.tableState(req.table) === undefined) return reply(failure('TableNotFoundException', req.table));
      submit(new DisableTableProcedure(req.table));
      return;
    case 'enableTable':
      if (am.regionStates.tableState(req.table) === undefined) return reply(failure('TableNotFoundException', req.table));
      submit(new EnableTableProcedure(req.table));
      return;
    case 'move': {
      const node = am.regionStates.get(req.region);
      if (node === undefined) return reply(failure('UnknownRegionException', req.region));
      if (node.state !== 'OPEN' || node.procedureId !== null) return reply(failure('DoNotRetryIOException', `${req.region} is in transition (${node.state})`));
      if (am.regionStates.tableState(node.region.table) !== 'ENABLED') return reply(failure('DoNotRetryIOException', `${node.region.table} is disabled for ${req.region}`));
      if (req.destination !== null && !serverManager.assignableServers().includes(req.destination)) return reply(failure('DoNotRetryIOException', `${req.destination} cannot take regions`));
      node.setProcedure(submit(new TransitRegionStateProcedure(node.region, 'MOVE', req.destination)));
      return;
    }
    case 'balance':
      // HMaster.balance, as the BalancerChore runs it; it answers whether the balancer ran.
      master.balancer.balance();
      return reply({ ok: true, procId: 0 });
  }
}
