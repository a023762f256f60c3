/** ZooKeeper's events: sessions (opened, expired, closed), znodes (created, changed, deleted), client states. */
import type { TraceEventOf } from './event.ts';

export type ZooKeeperTraceEvent =
  | TraceEventOf<'zk.session.open', { session: number; client: string; incarnation: number; timeoutMs: number }>
  /** `reason`: what expired it (the timeout, or an injected expiry); `ephemerals`: the znodes it took with it. */
  | TraceEventOf<'zk.session.expired', { session: number; client: string; reason: string | null; ephemerals: string[] }>
  | TraceEventOf<'zk.session.closed', { session: number; client: string; ephemerals: string[] }>
  | TraceEventOf<'zk.znode.created', { path: string; mode: string; session: number; zxid: number; data: unknown }>
  | TraceEventOf<'zk.znode.changed', { path: string; session: number; zxid: number; version: number; data: unknown }>
  /** `cause`: deleted by a client, or with its session (`expired` / `closed`). */
  | TraceEventOf<'zk.znode.deleted', { path: string; session: number; zxid: number; cause: 'delete' | 'expired' | 'closed' }>
  /** A client's connection state (KeeperState) as its watcher hears it. */
  | TraceEventOf<'zk.client.state', { process: string; session: number; state: string }>;

export const ZOOKEEPER_TRACE_TYPES: Readonly<Record<ZooKeeperTraceEvent['type'], true>> = {
  'zk.session.open': true,
  'zk.session.expired': true,
  'zk.session.closed': true,
  'zk.znode.created': true,
  'zk.znode.changed': true,
  'zk.znode.deleted': true,
  'zk.client.state': true,
};
