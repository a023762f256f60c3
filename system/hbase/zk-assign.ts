/**
 * ZKAssign (HBase 1.1, hbase-client org.apache.hadoop.hbase.zookeeper.ZKAssign; HBASE.md §5): the znodes of the
 * ZooKeeper era's regions in transition, `/hbase/region-in-transition/<encoded name>`, each holding a
 * RegionTransition {eventType, regionName, serverName}. The master creates a node OFFLINE (or forces it
 * OFFLINE from any state) and CLOSING; a RegionServer moves it on with `transitionNode`, always a compare-and-set
 * on the version it last saw, and gives up when the compare fails ("Region was hijacked?"). Only the master
 * deletes a node, also guarded by state and version.
 */
import { joinZNode } from './znode-paths.ts';
import type { ZKWatcher } from './ports.ts';
import type { ServerName } from './server-name.ts';

/** EventType, the codes a RegionTransition carries (HBASE.md §5; RS_ZK_REGION_CLOSING is gone since HBASE-4739). */
export type ZkEventType = 'M_ZK_REGION_OFFLINE' | 'M_ZK_REGION_CLOSING' | 'RS_ZK_REGION_OPENING' | 'RS_ZK_REGION_OPENED' | 'RS_ZK_REGION_CLOSED' | 'RS_ZK_REGION_FAILED_OPEN';

/** RegionTransition: `serverName` is where the region is going (OFFLINE) or the server acting on it. */
export interface RegionTransition {
  eventType: ZkEventType;
  regionName: string;
  serverName: ServerName;
}

/** A RegionTransition read back with the znode's version (the `stat` ZKAssign's callers keep). */
export interface VersionedTransition {
  rt: RegionTransition;
  version: number;
}

export function ritZNode(parent: string, encodedName: string): string {
  return joinZNode(parent, encodedName);
}

export function isRegionTransition(data: unknown): data is RegionTransition {
  return typeof data === 'object' && data !== null && typeof (data as RegionTransition).eventType === 'string' && typeof (data as RegionTransition).regionName === 'string';
}

/** Calls back with the version written, or -1 when it could not be written (the callers' contract in ZKAssign). */
export type VersionCallback = (version: number) => void;

/**
 * ZKAssign.createOrForceNodeOffline (via AssignmentManager.setOfflineInZooKeeper): create the node OFFLINE, or
 * overwrite whatever it holds with OFFLINE — bumping its version, so every RegionServer holding an older version
 * loses its next compare-and-set. `destination` is the server the open goes to.
 */
export function createOrForceNodeOffline(zk: ZKWatcher, parent: string, encodedName: string, destination: ServerName, done: VersionCallback): void {
  const path = ritZNode(parent, encodedName);
  const data: RegionTransition = { eventType: 'M_ZK_REGION_OFFLINE', regionName: encodedName, serverName: destination };
  zk.create(path, data, 'PERSISTENT', (created) => {
    if (created.code === 'ok') return done(0);
    if (created.code !== 'NodeExists') return done(-1);
    zk.setData(path, data, (set) => {
      if (set.code === 'ok' && set.value !== undefined) return done(set.value);
      // Deleted between the create and the write: try once more from the start.
      if (set.code === 'NoNode') return createOrForceNodeOffline(zk, parent, encodedName, destination, done);
      done(-1);
    });
  });
}

/** ZKAssign.createNodeClosing: a new CLOSING node (-1 when one exists already: the master aborts on that). */
export function createNodeClosing(zk: ZKWatcher, parent: string, encodedName: string, server: ServerName, done: (result: { version: number } | { exists: true } | { failed: string }) => void): void {
  const data: RegionTransition = { eventType: 'M_ZK_REGION_CLOSING', regionName: encodedName, serverName: server };
  zk.create(ritZNode(parent, encodedName), data, 'PERSISTENT', (r) => {
    if (r.code === 'ok') return done({ version: 0 });
    if (r.code === 'NodeExists') return done({ exists: true });
    done({ failed: r.code });
  });
}

/**
 * ZKAssign.transitionNode: read the node; unless it is in `begin` at `expectedVersion` (and, for a transition
 * out of OFFLINE, addressed to `server`), give up; else write `end` guarded by that version. The new version, or
 * -1 when the region was taken from us meanwhile. `beforeWrite` runs between the read and the write (a failpoint).
 */
export function transitionNode(zk: ZKWatcher, parent: string, encodedName: string, server: ServerName, begin: ZkEventType, end: ZkEventType, expectedVersion: number, done: VersionCallback, beforeWrite?: () => void): void {
  const path = ritZNode(parent, encodedName);
  zk.getData(path, false, (read) => {
    if (read.code !== 'ok' || read.value === undefined || !isRegionTransition(read.value.data)) return done(-1);
    const current = read.value.data;
    if (expectedVersion !== -1 && read.value.version !== expectedVersion) return done(-1);
    if (current.eventType !== begin) return done(-1);
    if (begin === 'M_ZK_REGION_OFFLINE' && current.serverName !== server) return done(-1);
    const data: RegionTransition = { eventType: end, regionName: encodedName, serverName: server };
    beforeWrite?.();
    zk.setData(path, data, (set) => done(set.code === 'ok' && set.value !== undefined ? set.value : -1), read.value.version);
  });
}

/**
 * ZKAssign.deleteNode(zkw, region, expectedState, expectedVersion): delete only if the node is in `expected`
 * (and at `expectedVersion`, unless -1). True when deleted.
 */
export function deleteNode(zk: ZKWatcher, parent: string, encodedName: string, expected: ZkEventType | null, expectedVersion: number, done: (deleted: boolean) => void): void {
  const path = ritZNode(parent, encodedName);
  zk.getData(path, false, (read) => {
    if (read.code === 'NoNode') return done(false);
    if (read.code !== 'ok' || read.value === undefined) return done(false);
    const current = read.value.data;
    if (expected !== null && (!isRegionTransition(current) || current.eventType !== expected)) return done(false);
    if (expectedVersion !== -1 && read.value.version !== expectedVersion) return done(false);
    zk.delete(path, (r) => done(r.code === 'ok'), read.value.version);
  });
}

/**
 * AssignmentManager.deleteClosingOrClosedNode: the region's znode deleted only while it is M_ZK_REGION_CLOSING or
 * RS_ZK_REGION_CLOSED — never an OFFLINE a later assign wrote meanwhile.
 */
export function deleteClosingOrClosedNode(zk: ZKWatcher, parent: string, encodedName: string, done: (deleted: boolean) => void): void {
  const path = ritZNode(parent, encodedName);
  zk.getData(path, false, (read) => {
    if (read.code !== 'ok' || read.value === undefined) return done(false);
    const current = read.value.data;
    if (!isRegionTransition(current) || (current.eventType !== 'M_ZK_REGION_CLOSING' && current.eventType !== 'RS_ZK_REGION_CLOSED')) return done(false);
    zk.delete(path, (r) => done(r.code === 'ok'), read.value.version);
  });
}

/** ZKAssign.getDataNoWatch / getDataAndWatch, as a RegionTransition with its version; null when gone or not one. */
export function readTransition(zk: ZKWatcher, path: string, watch: boolean, done: (rt: VersionedTransition | null, code: string) => void): void {
  zk.getData(path, watch, (read) => {
    if (read.code !== 'ok' || read.value === undefined || !isRegionTransition(read.value.data)) return done(null, read.code);
    done({ rt: read.value.data, version: read.value.version }, 'ok');
  });
}
