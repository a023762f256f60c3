/**
 * RSProcedureDispatcher (HBASE.md §2): sends open/close region requests to RegionServers and decides, per
 * failed call, whether to retry (ExecuteProceduresRemoteCall.scheduleForRetry) or give up (remoteCallFailed):
 *
 * - ServerNotRunningYetException: retry every hbase.regionserver.rpc.retry.interval until
 *   hbase.regionserver.rpc.startup.waittime has passed since the first one, then give up (another server).
 * - DoNotRetryIOException: give up.
 * - hbase.master.rs.remote.proc.fail.fast.limit attempts ending in a fail-fast error (CallQueueTooBig, SASL,
 *   connection closed): expire the server (HBASE-28638), so its ServerCrashProcedure takes over, and give up.
 * - On the first attempt only, an error that proves the request never reached the server (CallQueueTooBig,
 *   SASL): give up — safe, nothing was sent (unableToConnectToServer).
 * - The server is no longer online: give up.
 * - Otherwise retry, backing off min(retry interval·n², 10 s). Giving up here could open a region twice,
 *   since a timed-out request may still have arrived (HBASE-6299).
 *
 * A target not online when the request is first added fails at once (FailedRemoteDispatchException).
 */
import type { Network, RpcResult } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { HBaseConfig } from '../hbase/config.ts';
import type { RegionInfo } from '../hbase/region-info.ts';
import { SERVICE, type AdminResponse, type CloseRegionRequest, type OpenRegionRequest } from '../hbase/protocol.ts';
import { processOf, type ServerName } from '../hbase/server-name.ts';
import type { DispatchOutcome, RemoteDispatcher, ServerInfo } from './master-env.ts';

const MAX_BACKOFF_MS = 10_000;

/**
 * Why a call failed, by HBase's exception names. The simulated network's only transport failure is the
 * caller's timeout (CallTimeoutException); the others name errors HBase's dispatcher tells apart.
 */
type CallError = 'CallTimeoutException' | 'CallQueueTooBigException' | 'SaslException' | 'ConnectionClosedException' | string;

/** One remote call and its retries (AbstractRSRemoteCall: numberOfAttemptsSoFar, maxWaitTime). */
interface RemoteCall {
  server: ServerName;
  method: string;
  request: unknown;
  done: (outcome: DispatchOutcome) => void;
  attemptsSoFar: number;
  maxWaitTime: number | null;
}

export class RSProcedureDispatcher implements RemoteDispatcher {
  constructor(
    private readonly ctx: ProcessContext,
    private readonly network: Network,
    private readonly config: HBaseConfig,
    private readonly servers: ServerInfo,
    private readonly token: () => number,
    private readonly bugs: ReadonlySet<string> = new Set(),
  ) {}

  openRegion(server: ServerName, region: RegionInfo, procId: number, done: (outcome: DispatchOutcome) => void): void {
    const request: OpenRegionRequest = { region, procId, server, masterActiveTime: this.token() };
    this.#add({ server, method: 'openRegion', request, done, attemptsSoFar: 0, maxWaitTime: null });
  }

  closeRegion(server: ServerName, region: RegionInfo, procId: number, destination: ServerName | null, done: (outcome: DispatchOutcome) => void): void {
    const request: CloseRegionRequest = { region: region.encodedName, procId, server, destination, masterActiveTime: this.token() };
    this.#add({ server, method: 'closeRegion', request, done, attemptsSoFar: 0, maxWaitTime: null });
  }

  /** addOperationToNode: a server that is not online has no node to add to (FailedRemoteDispatchException). */
  #add(call: RemoteCall): void {
    if (!this.servers.isOnline(call.server)) return call.done('server-dead');
    this.#send(call);
  }

  #send(call: RemoteCall): void {
    this.network.call<AdminResponse>(this.ctx, processOf(call.server), SERVICE.admin, call.method, call.request, this.config.rpcTimeoutMs, (r) => this.#answered(call, r));
  }

  #answered(call: RemoteCall, r: RpcResult<AdminResponse>): void {
    const response = r.ok ? r.value : null;
    if (response?.ok) return call.done('dispatched');
    // Planted bug HBASE-6299: a timed-out call is taken as a dead target, although it may have arrived.
    if (!r.ok && this.bugs.has('dispatch-gives-up-on-timeout')) return call.done('server-dead');
    // Planted bug HBASE-13895 (1.x): a failed close to a server no longer online is taken as closed.
    if (call.method === 'closeRegion' && this.bugs.has('close-to-dead-server-completes') && !this.servers.isOnline(call.server)) return call.done('server-dead');
    const error: CallError = response === null ? 'CallTimeoutException' : response.error;
    if (!this.#scheduleForRetry(call, error)) call.done('failed');
  }

  /** ExecuteProceduresRemoteCall.scheduleForRetry: true if the call was scheduled again. */
  #scheduleForRetry(call: RemoteCall, error: CallError): boolean {
    const now = this.ctx.now();
    if (error === 'ServerNotRunningYetException') {
      call.maxWaitTime ??= now + this.config.rsStartupWaitTimeMs;
      const remaining = call.maxWaitTime - now;
      if (remaining <= 0) return false; // "trying another server"
      call.attemptsSoFar++;
      this.ctx.setTimer(Math.min(this.config.dispatchRetryIntervalMs, remaining), () => this.#send(call));
      return true;
    }
    if (error === 'DoNotRetryIOException') return false;
    if (call.attemptsSoFar >= this.config.remoteProcFailFastLimit - 1 && isErrorTypeFailFast(error)) {
      // HBASE-28638: the server's crash procedure fences it and takes the region over; its reports are refused.
      this.servers.expireServer(call.server, `${error} ${call.attemptsSoFar + 1} times for remote procedures`);
      return false;
    }
    if (call.attemptsSoFar === 0 && unableToConnectToServer(error)) return false;
    if (!this.servers.isOnline(call.server)) return false;
    call.attemptsSoFar++;
    const backoff = Math.min(this.config.dispatchRetryIntervalMs * call.attemptsSoFar * call.attemptsSoFar, MAX_BACKOFF_MS);
    this.ctx.setTimer(backoff, () => this.#send(call));
    return true;
  }
}

/** The request certainly never reached the server, so another may take it. */
function unableToConnectToServer(error: CallError): boolean {
  return error === 'CallQueueTooBigException' || error === 'SaslException';
}

/** Errors that, repeated up to the fail-fast limit, expire the server (HBASE-28638). */
function isErrorTypeFailFast(error: CallError): boolean {
  return error === 'CallQueueTooBigException' || error === 'SaslException' || error === 'ConnectionClosedException';
}
