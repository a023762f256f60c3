/**
 * RecoverableZooKeeper + ZKWatcher: binds the ZKWatcher port to the simulated ZooKeeper client the way HBase
 * wraps the raw ZooKeeper handle. ConnectionLoss is retried (`zookeeper.recovery.retry` = 3 times, with a pause);
 * a create that hits NodeExists on a retry counts as our own when the data matches (the first attempt did
 * land). Other errors go back to the caller; `Expired` reaches the owner, which aborts.
 */
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { SystemTracer } from '../../schema/trace.ts';
import { ZooKeeperClient } from '../zookeeper/client.ts';
import type { ZkResult as ClientResult } from '../zookeeper/protocol.ts';
import type { ZkEvent, ZKWatcher, ZkResult, ZnodeData } from './ports.ts';

const RECOVERY_RETRIES = 3;

export function connectZooKeeper(ctx: ProcessContext, network: Network, sessionTimeoutMs: number, trace?: SystemTracer): ZKWatcher {
  const listeners: Array<(event: ZkEvent) => void> = [];
  const client = new ZooKeeperClient(ctx, network, {
    sessionTimeoutMs,
    ...(trace ? { trace } : {}),
    watcher: (event) => {
      const mapped: ZkEvent | null =
        event.type === 'None'
          ? event.state === 'Expired' || event.state === 'Disconnected' || event.state === 'SyncConnected'
            ? { type: event.state }
            : null
          : { type: event.type, path: event.path };
      if (mapped !== null) for (const l of listeners) l(mapped);
    },
  });
  const pause = Math.max(1, Math.floor(sessionTimeoutMs / 30));

  /** Run `op`, retrying ConnectionLoss; `onRetryError` may turn an error seen on a retry into success. */
  function recoverable<T, U>(op: (cb: (r: ClientResult<T>) => void) => void, convert: (value: T) => U, done: (r: ZkResult<U>) => void, onRetryError?: (code: string, finish: (r: ZkResult<U>) => void) => boolean): void {
    const attempt = (n: number) =>
      op((r) => {
        if (r.ok) return done({ code: 'ok', value: convert(r.value) });
        if (r.code === 'ConnectionLoss' && n < RECOVERY_RETRIES && !client.expired) return void ctx.setTimer(pause, () => attempt(n + 1));
        if (n > 0 && onRetryError?.(r.code, done)) return;
        done({ code: r.code });
      });
    attempt(0);
  }

  return {
    onEvent: (listener) => listeners.push(listener),
    create: (path, data, mode, done) =>
      recoverable<string, string>(
        (cb) => client.create(path, data, mode, cb),
        (v) => v,
        done,
        (code, finish) => {
          if (code !== 'NodeExists') return false;
          client.getData(path, false, (existing) => finish(existing.ok && JSON.stringify(existing.value.data) === JSON.stringify(data) ? { code: 'ok', value: path } : { code }));
          return true;
        },
      ),
    delete: (path, done) =>
      recoverable<null, void>(
        (cb) => client.delete(path, -1, cb),
        () => undefined,
        done,
        (code, finish) => (code === 'NoNode' ? (finish({ code: 'ok' }), true) : false),
      ),
    getData: (path, watch, done) =>
      recoverable<{ data: unknown; stat: { czxid: number; version: number } }, ZnodeData>(
        (cb) => client.getData(path, watch, cb),
        (v) => ({ data: v.data, czxid: v.stat.czxid, version: v.stat.version }),
        done,
      ),
    setData: (path, data, done) =>
      recoverable(
        (cb) => client.setData(path, data, -1, cb),
        () => undefined,
        done,
      ),
    exists: (path, watch, done) =>
      recoverable<unknown, boolean>(
        (cb) => client.exists(path, watch, cb),
        (stat) => stat !== null,
        done,
      ),
    getChildren: (path, watch, done) =>
      recoverable<string[], string[]>(
        (cb) => client.getChildren(path, watch, cb),
        (children) => [...children].sort(),
        done,
      ),
    sessionConfirmedMs: () => client.sessionConfirmedMs,
    get expired() {
      return client.expired;
    },
  };
}
