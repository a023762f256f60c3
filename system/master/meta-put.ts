/**
 * A master's Put to hbase:meta as its client sends it, for both assignment eras' RegionStateStores: to the server
 * `target` names (none yet: wait, sending nothing), retried hbase.client.retries.number times with pause ×
 * RETRY_BACKOFF between attempts; still failing, the master aborts with `failure(error, attempts)`.
 */
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import { RETRY_BACKOFF, type HBaseConfig } from '../hbase/config.ts';
import { SERVICE, type AdminResponse, type MetaMutateRequest } from '../hbase/protocol.ts';
import { processOf, type ServerName } from '../hbase/server-name.ts';

const META_WAIT_MS = 200;

export interface MetaPutDeps {
  ctx: ProcessContext;
  network: Network;
  config: HBaseConfig;
  abort: (reason: string) => void;
}

export function putToMeta(deps: MetaPutDeps, target: () => ServerName | null, request: MetaMutateRequest, failure: (error: string, attempts: number) => string, done: () => void, tries = 0): void {
  const { ctx, network, config } = deps;
  const server = target();
  if (server === null) return void ctx.setTimer(META_WAIT_MS, () => putToMeta(deps, target, request, failure, done, tries));
  network.call<AdminResponse>(ctx, processOf(server), SERVICE.admin, 'metaMutate', request, config.rpcTimeoutMs, (r) => {
    if (r.ok && r.value.ok) return done();
    const error = r.ok ? (r.value as { error?: string }).error : r.error.reason;
    if (tries + 1 >= config.clientRetries + 1) return deps.abort(failure(error ?? 'error', tries + 1));
    const pause = config.clientPauseMs * (RETRY_BACKOFF[Math.min(tries, RETRY_BACKOFF.length - 1)] as number);
    ctx.setTimer(pause, () => putToMeta(deps, target, request, failure, done, tries + 1));
  });
}

/**
 * The cell timestamps of a master's meta Puts: never below the newest one it wrote or loaded from meta (see
 * MetaRegionStateStore's comment for why, and the planted bug `meta-put-wall-clock` that takes the clock as it is).
 */
export class MetaPutClock {
  #newestTs = -Infinity;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly wallClock = false,
  ) {}

  next(): number {
    const now = this.ctx.now();
    if (this.wallClock) return now;
    this.#newestTs = Math.max(now, this.#newestTs + 1);
    return this.#newestTs;
  }

  /** joinCluster read meta: its newest cell timestamp is where this master's puts start from. */
  loaded(newestTs: number): void {
    this.#newestTs = Math.max(this.#newestTs, newestTs);
  }
}
