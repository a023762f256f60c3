/**
 * RSRpcServices: the RegionServer's ClientService (reads, writes, compare-and-set, meta lookups) and
 * AdminService (open/close from the master, meta mutations). Errors are HBase's, chosen as HBase chooses
 * them, because the client's retry and cache rules key on them.
 */
import type { Reply } from '../../harness/network.ts';
import { failure, type ErrorResponse } from '../hbase/exceptions.ts';
import { META_REGION, type RegionInfo } from '../hbase/region-info.ts';
import { SERVICE, type CheckAndMutateRequest, type CloseRegionRequest, type GetRequest, type LocateRegionRequest, type MetaMutateRequest, type MutateRequest, type OpenRegionRequest } from '../hbase/protocol.ts';
import type { HRegion } from './hregion.ts';
import type { HRegionServer } from './hregionserver.ts';

export function serveRpcs(rs: HRegionServer): void {
  rs.deps.network.listen(rs.ctx, SERVICE.client, (request, reply) => {
    const notRunning = checkOpen(rs);
    if (notRunning !== null) return reply(notRunning);
    switch (request.method) {
      case 'get':
        return get(rs, request.payload as GetRequest, reply);
      case 'mutate':
        return mutate(rs, request.payload as MutateRequest, reply);
      case 'checkAndMutate':
        return checkAndMutate(rs, request.payload as CheckAndMutateRequest, reply);
      case 'locateRegion':
        return locateRegion(rs, request.payload as LocateRegionRequest, reply);
      default:
        return reply(failure('DoNotRetryIOException', `unknown method ${request.method}`));
    }
  });
  rs.deps.network.listen(rs.ctx, SERVICE.admin, (request, reply) => {
    const notRunning = checkOpen(rs);
    if (notRunning !== null) return reply(notRunning);
    switch (request.method) {
      case 'openRegion': {
        const r = request.payload as OpenRegionRequest;
        if (r.server !== rs.serverName) return reply(wrongStartcode(rs, r.server));
        rs.failpoint('rs.openRegion.received', { region: r.region.encodedName, procId: r.procId });
        if (rs.zkHandlers !== null) return rs.zkHandlers.openRegion(r, reply);
        rs.handlers.open(r.region, r.procId, r.masterActiveTime);
        return reply({ ok: true });
      }
      case 'closeRegion': {
        const r = request.payload as CloseRegionRequest;
        if (r.server !== rs.serverName) return reply(wrongStartcode(rs, r.server));
        rs.failpoint('rs.closeRegion.received', { region: r.region, procId: r.procId });
        if (rs.zkHandlers !== null) return rs.zkHandlers.closeRegion(r, reply);
        rs.handlers.close(r.region, r.procId, r.destination, r.masterActiveTime);
        return reply({ ok: true });
      }
      case 'metaMutate':
        // A plain put from whichever master sends it (RegionStateStore.updateRegionLocation): HBase fences a
        // deposed master through its procedure store, not here.
        return metaMutate(rs, request.payload as MetaMutateRequest, reply);
      case 'metaScan': {
        const meta = rs.online.get(META_REGION.encodedName);
        if (meta === undefined) return reply(regionError(rs, META_REGION.encodedName));
        return reply({ ok: true, rows: meta.rows().filter(([, row]) => row !== null).map(([key, row]) => ({ key, row, ts: meta.cellTimestamp(key) })) });
      }
      default:
        return reply(failure('DoNotRetryIOException', `unknown method ${request.method}`));
    }
  });
}

/** checkOpen: a server not yet registered, or aborting, turns requests away as HBase does. */
function checkOpen(rs: HRegionServer): ErrorResponse | null {
  if (rs.lifecycle === 'STARTING') return failure('ServerNotRunningYetException', `${rs.serverName} is not running yet`);
  if (rs.lifecycle === 'ABORTED') return failure('RegionServerAbortedException', `${rs.serverName} aborted`);
  return null;
}

function wrongStartcode(rs: HRegionServer, asked: string): ErrorResponse {
  return failure('DoNotRetryIOException', `this is ${rs.serverName}, not ${asked}`);
}

/** The error for a region this server does not serve: moved, opening, or simply not here. */
export function regionError(rs: HRegionServer, name: string): ErrorResponse {
  const moved = rs.movedRegions.get(name);
  if (moved !== undefined && moved.until > rs.ctx.now()) return failure('RegionMovedException', `${name} moved`, moved.destination);
  if (rs.inTransition.get(name)?.action === 'open') return failure('RegionOpeningException', `${name} is opening on ${rs.serverName}`);
  return failure('NotServingRegionException', `${name} is not online on ${rs.serverName}`);
}

function region(rs: HRegionServer, name: string, reply: Reply): HRegion | undefined {
  const r = rs.online.get(name);
  if (r === undefined) reply(regionError(rs, name));
  return r;
}

function get(rs: HRegionServer, req: GetRequest, reply: Reply): void {
  const r = region(rs, req.region, reply);
  if (r === undefined) return;
  if (!rs.mayServeReads()) return reply(failure('NotServingRegionException', `${rs.serverName} has not heard from ZooKeeper for too long`));
  reply({ ok: true, value: r.get(req.row) });
}

function mutate(rs: HRegionServer, req: MutateRequest, reply: Reply): void {
  const r = region(rs, req.region, reply);
  if (r === undefined) return;
  r.put(
    req.row,
    req.value,
    req.nonce,
    (ok) => {
      // Durable and applied, not yet acknowledged: a crash here loses only the reply.
      if (ok) rs.failpoint('rs.mutate.synced', { region: req.region });
      reply(ok ? { ok: true } : failure('IOException', 'WAL sync failed'));
    },
    !rs.deps.bugs.has('put-retry-reapplies'),
  );
}

function checkAndMutate(rs: HRegionServer, req: CheckAndMutateRequest, reply: Reply): void {
  const r = region(rs, req.region, reply);
  if (r === undefined) return;
  r.checkAndPut(req.row, req.expected, req.value, req.nonce, (res) => reply(res.ok ? { ok: true, processed: res.processed } : failure('IOException', 'WAL sync failed')));
}

/** The client's meta lookup: the region of `table` containing `row`, from the meta rows this server holds. */
function locateRegion(rs: HRegionServer, req: LocateRegionRequest, reply: Reply): void {
  const meta = region(rs, META_REGION.encodedName, reply);
  if (meta === undefined) return;
  const { tableRow, region: found } = rs.metaLocator.locate(meta, req.table, req.row);
  if (found === undefined || tableRow === undefined) return reply(failure('TableNotFoundException', req.table));
  const info: RegionInfo = found.region;
  reply({ ok: true, region: info, server: found.server, state: found.state, seqNum: found.seqNum, tableState: tableRow.state });
}

function metaMutate(rs: HRegionServer, req: MetaMutateRequest, reply: Reply): void {
  const meta = region(rs, META_REGION.encodedName, reply);
  if (meta === undefined) return;
  const writes: Array<[string, unknown, number | undefined]> = [...req.puts.map((p): [string, unknown, number | undefined] => [p.key, p.row, p.ts]), ...req.deletes.map((k): [string, unknown, undefined] => [k, null, undefined])];
  let remaining = writes.length;
  let failed = false;
  if (remaining === 0) return reply({ ok: true });
  for (const [key, value, ts] of writes) {
    meta.put(
      key,
      value,
      undefined,
      (ok) => {
        failed ||= !ok;
        if (--remaining === 0) reply(failed ? failure('IOException', 'WAL sync failed') : { ok: true });
      },
      true,
      ts,
    );
  }
}
