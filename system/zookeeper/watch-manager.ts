/**
 * Server-side one-shot watches (ZooKeeper's WatchManager, data and child kinds). getData and exists set data
 * watches (exists on a missing node too); getChildren sets child watches. A triggered watch is removed, so a
 * client that wants the next change must read again.
 *
 * Watches belong to a session's current connection: on reconnect the server forgets them and the client
 * re-sends what it still holds (SetWatches), which is how ZooKeeper survives a dropped connection.
 */
import type { DataTree, NodeEvent } from './data-tree.ts';
import type { WatchSet } from './protocol.ts';

export class WatchManager {
  readonly #data = new Map<string, Set<number>>();
  readonly #child = new Map<string, Set<number>>();

  addDataWatch(path: string, sessionId: number): void {
    add(this.#data, path, sessionId);
  }

  addChildWatch(path: string, sessionId: number): void {
    add(this.#child, path, sessionId);
  }

  /** The sessions to notify of `event`, in session-id order; their watches on it are consumed. */
  trigger(event: NodeEvent): number[] {
    const hit = new Set<number>();
    if (event.type !== 'NodeChildrenChanged') take(this.#data, event.path, hit);
    if (event.type === 'NodeChildrenChanged' || event.type === 'NodeDeleted') take(this.#child, event.path, hit);
    return [...hit].sort((a, b) => a - b);
  }

  removeSession(sessionId: number): void {
    for (const map of [this.#data, this.#child]) {
      for (const [path, sessions] of map) {
        sessions.delete(sessionId);
        if (sessions.size === 0) map.delete(path);
      }
    }
  }

  /**
   * Re-register a reconnecting session's watches (DataTree.setWatches): a change it missed since `relativeZxid`
   * fires at once instead of being registered.
   */
  setWatches(sessionId: number, relativeZxid: number, watches: WatchSet, tree: DataTree): NodeEvent[] {
    const fired: NodeEvent[] = [];
    for (const path of watches.data) {
      const stat = tree.stat(path);
      if (stat === null) fired.push({ type: 'NodeDeleted', path });
      else if (stat.mzxid > relativeZxid) fired.push({ type: 'NodeDataChanged', path });
      else this.addDataWatch(path, sessionId);
    }
    for (const path of watches.exist) {
      if (tree.stat(path) !== null) fired.push({ type: 'NodeCreated', path });
      else this.addDataWatch(path, sessionId);
    }
    for (const path of watches.child) {
      const stat = tree.stat(path);
      if (stat === null) fired.push({ type: 'NodeDeleted', path });
      else if (stat.pzxid > relativeZxid) fired.push({ type: 'NodeChildrenChanged', path });
      else this.addChildWatch(path, sessionId);
    }
    return fired;
  }

  /** How many (path, session) watches are registered, for tests. */
  get size(): number {
    let n = 0;
    for (const map of [this.#data, this.#child]) for (const sessions of map.values()) n += sessions.size;
    return n;
  }
}

function add(map: Map<string, Set<number>>, path: string, sessionId: number): void {
  let sessions = map.get(path);
  if (sessions === undefined) map.set(path, (sessions = new Set()));
  sessions.add(sessionId);
}

function take(map: Map<string, Set<number>>, path: string, into: Set<number>): void {
  const sessions = map.get(path);
  if (sessions === undefined) return;
  map.delete(path);
  for (const s of sessions) into.add(s);
}
