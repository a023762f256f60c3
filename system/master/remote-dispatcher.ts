/**
 * RSProcedureDispatcher (HBASE.md §2): sends open/close region requests to RegionServers. While the target is
 * online, a failed call is retried with backoff min(100 ms·n², 10 s) — giving up early could open a region
 * twice, since a timed-out request may still have arrived (HBASE-6299). Once the target is no longer online the
 * dispatch reports 'server-dead' and the ServerCrashProcedure takes the region over.
 */
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { HBaseConfig } from '../hbase/config.ts';
import type { RegionInfo } from '../hbase/region-info.ts';
import { SERVICE, type AdminResponse, type CloseRegionRequest, type OpenRegionRequest } from '../hbase/protocol.ts';
import { processOf, type ServerName } from '../hbase/server-name.ts';
import type { DispatchOutcome, RemoteDispatcher, ServerInfo } from './master-env.ts';

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
    this.#send(server, 'openRegion', request, done, 1);
  }

  closeRegion(server: ServerName, region: RegionInfo, procId: number, destination: ServerName | null, done: (outcome: DispatchOutcome) => void): void {
    const request: CloseRegionRequest = { region: region.encodedName, procId, server, destination, masterActiveTime: this.token() };
    this.#send(server, 'closeRegion', request, done, 1);
  }

  #send(server: ServerName, method: string, request: unknown, done: (outcome: DispatchOutcome) => void, attempt: number): void {
    if (!this.servers.isOnline(server)) return done('server-dead');
    this.network.call<AdminResponse>(this.ctx, processOf(server), SERVICE.admin, method, request, this.config.rpcTimeoutMs, (r) => {
      const response = r.ok ? r.value : null;
      if (response?.ok) return done('dispatched');
      // Planted bug HBASE-6299: a timed-out call is taken as a dead target, although it may have arrived.
      if (!r.ok && this.bugs.has('dispatch-gives-up-on-timeout')) return done('server-dead');
      // Wrong startcode: that server is gone (a new incarnation answered).
      if (response?.error === 'DoNotRetryIOException') return done('server-dead');
      const backoff = response?.error === 'ServerNotRunningYetException' ? this.config.dispatchRetryIntervalMs : Math.min(100 * attempt * attempt, 10_000);
      this.ctx.setTimer(backoff, () => this.#send(server, method, request, done, attempt + 1));
    });
  }
}
