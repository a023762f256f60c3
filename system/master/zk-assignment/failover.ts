/**
 * AssignmentManager.joinCluster of HBase 1.1 (seed 003; HBASE.md §5 "Master failover"):
 *
 *   rebuildUserRegions        region states from hbase:meta; regions on servers not online noted as dead
 *   processDeadServersAndRegionsInTransition
 *     - not a failover (no dead servers, no user region on a live server, no RIT znode, no failed server):
 *       delete every RIT znode and assign all user regions (assignAllUserRegions)
 *     - a failover: expire the dead servers not yet expired, then processRegionInTransition for every znode —
 *         server not online      OFFLINE on that server; its ServerShutdownHandler assigns after the log split
 *         M_ZK_REGION_CLOSING    CLOSING, and the close re-sent (the old master may have died before sending)
 *         RS_ZK_REGION_CLOSED,
 *         RS_ZK_REGION_FAILED_OPEN  CLOSED, then assigned (or taken offline: a disabled table's)
 *         M_ZK_REGION_OFFLINE    OFFLINE, and the open re-sent to the same server (plan = that server)
 *         RS_ZK_REGION_OPENING   OPENING: wait, the RegionServer finishes (or dies, and its SSH acts)
 *         RS_ZK_REGION_OPENED    OPEN, and the OpenedRegionHandler deletes the znode
 *
 * Then the caller sets failoverCleanupDone. Regions of enabled tables left OFFLINE or CLOSED with no znode and no
 * dead host are assigned as well — a simplification of 1.1, which left such regions to the operator [I].
 */
import { byKey } from '../../ordering.ts';
import { META_REGION, type RegionInfo } from '../../hbase/region-info.ts';
import type { TableState } from '../../hbase/protocol.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import { deleteNode, readTransition, ritZNode } from '../../hbase/zk-assign.ts';
import { scanMetaUntilDone, type MetaContents, type ZkActiveParts } from './zk-active-parts.ts';

export function joinCluster(parts: ZkActiveParts, failedServers: readonly ServerName[], done: () => void): void {
  const { master, am } = parts;
  scanMetaUntilDone(parts, (scanned) =>
    populateTableStates(parts, (zkStates) => {
      const contents = withTableStates(scanned, zkStates);
      am.store.metaLoaded(contents.newestTs);
      repairTableMirrors(parts, scanned, zkStates);
      const deadServers = rebuildUserRegions(parts, contents);
      master.failpoint('master.zk.joinCluster.rebuilt', {});
      am.watchRegionsInTransition((nodes) => processDeadServersAndRegionsInTransition(parts, contents, deadServers, failedServers, [...nodes].sort(), done));
    }),
  );
}

/**
 * ZKTableStateManager.populateTableStates: every table's state as its `/hbase/table` znode says. The znode is
 * written before meta's mirror (region-state-store.ts), so a master that died or was paused between the two left
 * the znode right and the mirror old: a table left ENABLING must be seen ENABLING, or its regions stay offline
 * (failover seed 8000 with --assignment zk: the mirror said DISABLED, the table stayed ENABLING for ever).
 */
function populateTableStates(parts: ZkActiveParts, done: (states: Map<string, TableState>) => void): void {
  const { master } = parts;
  const retry = () => void master.ctx.setTimer(200, () => populateTableStates(parts, done));
  const parent = master.layout.znode.table;
  master.zk.getChildren(parent, false, (children) => {
    if (children.code === 'NoNode') return done(new Map());
    if (children.code !== 'ok') return retry();
    const tables = [...(children.value ?? [])].sort();
    const states = new Map<string, TableState>();
    const next = (i: number): void => {
      const table = tables[i];
      if (table === undefined) return done(states);
      master.zk.getData(master.layout.znodes.tableStateZNode(table), false, (r) => {
        if (r.code === 'ok') states.set(table, (r.value?.data as { state: TableState }).state);
        else if (r.code !== 'NoNode') return retry();
        next(i + 1);
      });
    };
    next(0);
  });
}

/**
 * Meta's mirror of a table's state brought in line with its znode where a master died between the two writes
 * (failover seed 20389 with --assignment zk: DISABLED in ZooKeeper, DISABLING in meta for ever). The mirror is the
 * model's, not 1.1's, so this repair has no HBase counterpart.
 */
function repairTableMirrors(parts: ZkActiveParts, scanned: MetaContents, zkStates: ReadonlyMap<string, TableState>): void {
  const mirrors = new Map(scanned.tables);
  for (const [table, state] of [...zkStates].sort(byKey)) {
    if (mirrors.get(table) !== state) parts.am.store.updateTableState(table, state, () => {});
  }
}

/**
 * Meta's contents with each table's state taken from ZooKeeper where it has one (a table without a znode: meta's);
 * a table only ZooKeeper knows (its creator died before the mirror) is included.
 */
function withTableStates(contents: MetaContents, zkStates: ReadonlyMap<string, TableState>): MetaContents {
  const tables = contents.tables.map(([table, state]): [string, TableState] => [table, zkStates.get(table) ?? state]);
  for (const [table, state] of zkStates) if (!tables.some(([t]) => t === table)) tables.push([table, state]);
  return { ...contents, tables: tables.sort(byKey) };
}

/**
 * rebuildUserRegions (1.1, ZooKeeper assignment): meta has only the RegionServers' info:server (no state column:
 * a region with a location reads OPEN). A disabled table's regions forget their hosts (HBASE-13326); a region on a
 * server not online goes offline and its server is dead; one on an online server is online there — unless its
 * table is ENABLING: 1.1 does not put those online (meta's location may be a close's leftover), and the
 * EnableTableHandler assigns them with the retained plan, which a server that has one answers ALREADY_OPENED
 * (failover seed 30182 with --assignment zk: taken for open, an enabled table's regions were served nowhere).
 * A DISABLING table's are kept online where meta says, for the table's recovery to close them.
 */
function rebuildUserRegions(parts: ZkActiveParts, contents: MetaContents): Set<ServerName> {
  const { am, serverManager } = parts;
  const dead = new Set<ServerName>();
  for (const [table, state] of contents.tables) am.regionStates.setTableState(table, state);
  for (const row of contents.regions) {
    const disabled = am.regionStates.tableState(row.region.table) === 'DISABLED';
    const location = disabled ? null : row.server;
    if (row.state !== 'OPEN' || location === null) {
      am.regionStates.createRegionState(row.region, 'OFFLINE', null, disabled ? null : row.server);
      continue;
    }
    if (serverManager.isOnline(location) && am.regionStates.tableState(row.region.table) === 'ENABLING') {
      am.regionStates.createRegionState(row.region, 'OFFLINE', null, location);
      am.retainAssignment(row.region, location);
      continue;
    }
    am.regionStates.createRegionState(row.region, 'OPEN', location, location);
    if (serverManager.isOnline(location)) continue;
    dead.add(location);
    am.regionStates.regionOffline(row.region);
  }
  return dead;
}

function processDeadServersAndRegionsInTransition(parts: ZkActiveParts, contents: MetaContents, deadServers: Set<ServerName>, failedServers: readonly ServerName[], nodes: string[], done: () => void): void {
  const { master, serverManager } = parts;
  const userNodes = nodes.filter((n) => n !== META_REGION.encodedName);
  const userOnLive = contents.regions.some((row) => row.state === 'OPEN' && row.server !== null && serverManager.isOnline(row.server));
  const failover = deadServers.size > 0 || userOnLive || userNodes.length > 0 || failedServers.length > 0;
  master.trace.emit('master.joinCluster', { server: master.serverName, failover, regionsInTransition: userNodes.length, deadServers: [...deadServers].sort() });
  if (!failover) {
    return deleteAll(parts, userNodes, () => {
      assignOffline(parts);
      done();
    });
  }
  // processDeadServersAndRecoverLostRegions: a server meta names that is gone is expired (its SSH waits).
  for (const sn of [...deadServers].sort()) if (!serverManager.isDead(sn)) serverManager.expireServer(sn, 'dead server found at master failover');
  const next = (i: number): void => {
    const encoded = userNodes[i];
    if (encoded === undefined) {
      assignOffline(parts);
      return done();
    }
    processRegionInTransition(parts, encoded, () => next(i + 1));
  };
  next(0);
}

function deleteAll(parts: ZkActiveParts, nodes: readonly string[], done: () => void): void {
  const { master } = parts;
  const next = (i: number): void => {
    const encoded = nodes[i];
    if (encoded === undefined) return done();
    deleteNode(master.zk, master.layout.znode.regionInTransition, encoded, null, -1, () => next(i + 1));
  };
  next(0);
}

/** processRegionInTransition: the znode's state, as the dead master left it, finished or undone. */
export function processRegionInTransition(parts: ZkActiveParts, encoded: string, done: () => void): void {
  const { master, am, serverManager } = parts;
  readTransition(master.zk, ritZNode(master.layout.znode.regionInTransition, encoded), true, (vt) => {
    const state = am.regionStates.get(encoded);
    if (vt === null || state === undefined) return done();
    const { rt, version } = vt;
    const region: RegionInfo = state.region;
    const sn = rt.serverName;
    master.failpoint('master.zk.processRegionInTransition', { region: encoded, eventType: rt.eventType });
    if (!serverManager.isOnline(sn)) {
      // The server is dead: OFFLINE on it, for its ServerShutdownHandler (which deletes the znode and assigns).
      am.regionStates.updateRegionState(region, 'OFFLINE', sn);
      if (!serverManager.isDead(sn)) serverManager.expireServer(sn, 'region in transition on a server that is gone');
      return done();
    }
    switch (rt.eventType) {
      case 'M_ZK_REGION_CLOSING':
        am.regionStates.updateRegionState(region, 'CLOSING', sn);
        am.resendClose(region);
        return done();
      case 'RS_ZK_REGION_CLOSED':
      case 'RS_ZK_REGION_FAILED_OPEN':
        // setLastRegionServerOfRegion (HBASE-13330): the live server that closed it is its last host now — else
        // wasRegionOnDeadServer skips the assign for an older, dead host whose ServerShutdownHandler then skips it
        // as "in transition on another server", and nobody assigns it (failover seed 173 with --assignment zk).
        state.lastAssignment = sn;
        am.regionStates.updateRegionState(region, 'CLOSED', sn);
        am.closedRegionHandler(region);
        return done();
      case 'M_ZK_REGION_OFFLINE':
        am.regionStates.updateRegionState(region, 'OFFLINE', sn);
        am.assignTo(region, sn);
        return done();
      case 'RS_ZK_REGION_OPENING':
        am.regionStates.updateRegionState(region, 'OPENING', sn);
        return done();
      case 'RS_ZK_REGION_OPENED':
        am.regionStates.updateRegionState(region, 'OPEN', sn);
        am.handleRegion(rt, version);
        return done();
    }
  });
}

/**
 * Regions of enabled tables that meta has OFFLINE or CLOSED, with no znode and no dead last host (see the file
 * comment). Planted bug HBASE-5179 (0.90/0.92's processFailover): the regions of servers found dead are assigned
 * here too, at once, while those servers' ServerShutdownHandlers have yet to split their logs — a region opens
 * without its edits.
 */
function assignOffline(parts: ZkActiveParts): void {
  const { am, serverManager, master } = parts;
  const beforeLogSplit = master.deps.bugs.has('failover-assigns-before-log-split');
  for (const r of am.regionStates.all()) {
    if (r.region.encodedName === META_REGION.encodedName || r.inTransition || r.state === 'OPEN') continue;
    if (am.regionStates.tableState(r.region.table) !== 'ENABLED') continue;
    const deadHost = r.lastAssignment !== null && serverManager.isDeadNotProcessed(r.lastAssignment);
    if (deadHost && !beforeLogSplit) continue;
    am.assign(r.region, false, null, !beforeLogSplit);
  }
}
