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
    // RecoverableZooKeeper.delete: NoNode on a retry means the first attempt landed — for a versioned delete as
    // well (HBase makes the same assumption).
    delete: (path, done, version = -1) =>
      recoverable<null, void>(
        (cb) => client.delete(path, version, cb),
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
    // RecoverableZooKeeper.setData: BadVersion on a retry of a versioned write is our own first attempt when the
    // znode holds our data at the next version.
    setData: (path, data, done, version = -1) =>
      recoverable<{ version: number }, number>(
        (cb) => client.setData(path, data, version, cb),
        (stat) => stat.version,
        done,
        (code, finish) => {
          if (code !== 'BadVersion' || version === -1) return false;
          client.getData(path, false, (now) =>
            finish(now.ok && now.value.stat.version === version + 1 && JSON.stringify(now.value.data) === JSON.stringify(data) ? { code: 'ok', value: now.value.stat.version } : { code }),
          );
          return true;
        },
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
