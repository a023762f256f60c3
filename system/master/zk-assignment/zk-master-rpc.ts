/**
 * MasterRpcServices of the ZooKeeper era: RegionServerStatusService takes startups and reports (the same
 * ServerManager rules as under AMv2) but no region transitions — those come through ZooKeeper; MasterService
 * runs the admin operations as table handlers (table-handlers.ts) and answers the client's polls for them.
 */
import type { Reply } from '../../../harness/network.ts';
import { failure } from '../../hbase/exceptions.ts';
import type { AdminRequest, ProcedureResultRequest, RegionServerReportRequest, RegionServerStartupRequest } from '../../hbase/protocol.ts';
import type { ZkActiveParts } from './zk-active-parts.ts';
import { balance, createTable, disableTable, enableTable, move, nextHandlerId } from './table-handlers.ts';

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
    const result = parts.handlers.get((payload as ProcedureResultRequest).procId);
    if (result === undefined) return reply({ ok: true, state: 'NOT_FOUND' });
    return reply({ ok: true, ...result });
  }
  if (method !== 'admin') return reply(failure('DoNotRetryIOException', `unknown method ${method}`));
  const req = payload as AdminRequest;
  const id = nextHandlerId(parts);
  const started = (error: ReturnType<typeof createTable>) => reply(error ?? { ok: true, procId: id });
  switch (req.op) {
    case 'createTable':
      return started(createTable(parts, id, req.table, req.splitKeys));
    case 'disableTable':
      return started(disableTable(parts, id, req.table));
    case 'enableTable':
      return started(enableTable(parts, id, req.table));
    case 'move': {
      const error = move(parts, req.region, req.destination);
      if (error === null) parts.handlers.set(id, { state: 'SUCCESS' });
      return started(error);
    }
    case 'balance':
      balance(parts);
      return reply({ ok: true, procId: 0 });
  }
}
