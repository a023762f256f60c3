/**
 * MasterRpcServices of the ZooKeeper era: RegionServerStatusService takes startups and reports (the same
 * ServerManager rules as under AMv2) but no region transitions — those come through ZooKeeper; MasterService
 * runs the admin operations as table handlers (table-handlers.ts) and answers the client's polls for them.
 */
import type { Reply } from '../../../harness/network.ts';
import { failure } from '../../hbase/exceptions.ts';
import type { AdminRequest, ProcedureResultRequest, RegionServerReportRequest, RegionServerStartupRequest } from '../../hbase/protocol.ts';
import type { ZkActiveParts } from './zk-active-parts.ts';
import { balance, createTable, ddlHandle, ddlResult, disableTable, enableTable, move, nextHandlerId } from './table-handlers.ts';

export function serveRegionServerStatus(parts: ZkActiveParts, method: string, payload: unknown, reply: Reply): void {
  const { master, serverManager } = parts;
  if (!serverManager.active) return reply(failure('ServerNotRunningYetException', 'Server is not running yet'));
  switch (method) {
    case 'regionServerStartup': {
      const r = payload as RegionServerStartupRequest;
      const skew = Math.abs(r.currentTime - master.ctx.now());
      if (skew > 30_000) return reply(failure('DoNotRetryIOException', `ClockOutOfSyncException: ${r.server} is ${skew} ms off`));
      return reply(serverManager.regionServerStartup(r.server) ?? { ok: true });
    }
    case 'regionServerReport':
      return reply(serverManager.regionServerReport((payload as RegionServerReportRequest).server) ?? { ok: true });
    default:
      return reply(failure('DoNotRetryIOException', `unknown method ${method}`));
  }
}

export function serveMaster(parts: ZkActiveParts, method: string, payload: unknown, reply: Reply): void {
  if (!parts.initialized) return reply(failure('PleaseHoldException', 'Master is initializing'));
  if (method === 'getProcedureResult') {
    const id = (payload as ProcedureResultRequest).procId;
    const result = ddlResult(parts, id) ?? parts.handlers.get(id);
    if (result === undefined) return reply({ ok: true, state: 'NOT_FOUND' });
    return reply({ ok: true, ...result });
  }
  if (method !== 'admin') return reply(failure('DoNotRetryIOException', `unknown method ${method}`));
  const req = payload as AdminRequest;
  const id = nextHandlerId(parts);
  const started = (error: ReturnType<typeof createTable>, handle: number) => reply(error ?? { ok: true, procId: handle });
  switch (req.op) {
    case 'createTable':
      return started(createTable(parts, req.table, req.splitKeys), ddlHandle('createTable', req.table));
    case 'disableTable':
      return started(disableTable(parts, req.table), ddlHandle('disableTable', req.table));
    case 'enableTable':
      return started(enableTable(parts, req.table), ddlHandle('enableTable', req.table));
    case 'move': {
      const error = move(parts, req.region, req.destination, (ok) => {
        parts.handlers.set(id, ok ? { state: 'SUCCESS' } : { state: 'FAILED', error: `${req.region} could not be closed for the move` });
        reply({ ok: true, procId: id });
      });
      if (error !== null) reply(error);
      return;
    }
    case 'balance':
      balance(parts);
      return reply({ ok: true, procId: 0 });
  }
}
