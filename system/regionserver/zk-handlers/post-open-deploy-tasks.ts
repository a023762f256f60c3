/**
 * HRegionServer.postOpenDeployTasks in the ZooKeeper era (HBase 1.1): the RegionServer itself records where
 * the region is open — hbase:meta's row (MetaTableAccessor.updateRegionLocation: info:server, seqnumDuringOpen)
 * for a user region, `/hbase/meta-region-server` (MetaTableLocator.setMetaLocation) for meta — before it
 * moves the znode to OPENED. Under AMv2 only the master writes meta.
 *
 * The put goes through the RegionServer's client: retried with the client's backoff for its retries, and an
 * IOException after them aborts the server (OpenRegionHandler: "Exception running postOpenDeployTasks").
 */
import { RETRY_BACKOFF } from '../../hbase/config.ts';
import { metaRegionKey } from '../../hbase/paths.ts';
import { isMeta } from '../../hbase/region-info.ts';
import { SERVICE, type AdminResponse, type MetaMutateRequest, type MetaRegionRow } from '../../hbase/protocol.ts';
import { processOf, type ServerName } from '../../hbase/server-name.ts';
import type { HRegion } from '../hregion.ts';
import type { HRegionServer } from '../hregionserver.ts';

export function postOpenDeployTasks(rs: HRegionServer, hregion: HRegion, done: () => void): void {
  const region = hregion.info;
  if (isMeta(region)) return setMetaLocation(rs, 0, done);
  const row: MetaRegionRow = { kind: 'region', region, state: 'OPEN', server: rs.serverName, sn: rs.serverName, seqNum: hregion.openSeqNum };
  updateRegionLocation(rs, { puts: [{ key: metaRegionKey(region), row }], deletes: [] }, 0, done);
}

function retryOrAbort(rs: HRegionServer, tries: number, what: string, again: (tries: number) => void): void {
  if (tries + 1 >= rs.config.clientRetries + 1) return rs.abort(`Exception running postOpenDeployTasks: ${what} after ${tries + 1} attempts`);
  const pause = rs.config.clientPauseMs * (RETRY_BACKOFF[Math.min(tries, RETRY_BACKOFF.length - 1)] as number);
  rs.ctx.setTimer(pause, () => again(tries + 1));
}

/** MetaTableLocator.setMetaLocation: meta's location znode, OPEN here. */
function setMetaLocation(rs: HRegionServer, tries: number, done: () => void): void {
  if (rs.lifecycle === 'ABORTED') return;
  const path = rs.layout.znode.metaRegionServer;
  const data = { server: rs.serverName, state: 'OPEN' };
  rs.zk.setData(path, data, (r) => {
    if (r.code === 'ok') return done();
    if (r.code !== 'NoNode') return retryOrAbort(rs, tries, `setMetaLocation: ${r.code}`, (t) => setMetaLocation(rs, t, done));
    rs.zk.create(path, data, 'PERSISTENT', (c) => (c.code === 'ok' ? done() : retryOrAbort(rs, tries, `setMetaLocation: ${c.code}`, (t) => setMetaLocation(rs, t, done))));
  });
}

/** MetaTableAccessor.updateRegionLocation: a put to meta, wherever /hbase/meta-region-server says it is. */
function updateRegionLocation(rs: HRegionServer, request: MetaMutateRequest, tries: number, done: () => void): void {
  if (rs.lifecycle === 'ABORTED') return;
  rs.zk.getData(rs.layout.znode.metaRegionServer, false, (located) => {
    const server = located.code === 'ok' ? (located.value?.data as { server?: ServerName | null } | undefined)?.server : undefined;
    if (server === undefined || server === null) return retryOrAbort(rs, tries, 'meta location unknown', (t) => updateRegionLocation(rs, request, t, done));
    rs.deps.network.call<AdminResponse>(rs.ctx, processOf(server), SERVICE.admin, 'metaMutate', request, rs.config.rpcTimeoutMs, (r) => {
      if (rs.lifecycle === 'ABORTED') return;
      if (r.ok && r.value.ok) return done();
      retryOrAbort(rs, tries, `meta put failed: ${r.ok ? (r.value as { error?: string }).error : r.error.reason}`, (t) => updateRegionLocation(rs, request, t, done));
    });
  });
}
