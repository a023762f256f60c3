/**
 * ServerManager (HBASE.md §2): the active master's view of RegionServers. A server is online from its
 * startup (or its first report after a master failover) until it is expired — because its ephemeral
 * `/hbase/rs/<sn>` znode vanished, or a newer startcode of the same host:port registered. An expired server
 * is CRASHED and in DeadServer: its reports get YouAreDeadException, and a ServerCrashProcedure recovers it.
 */
import type { SystemTracer } from '../../schema/trace.ts';
import type { ErrorResponse } from '../hbase/exceptions.ts';
import { failure } from '../hbase/exceptions.ts';
import { hostAndPort, parseServerName, type ServerName } from '../hbase/server-name.ts';
import type { HMaster } from './hmaster.ts';
import type { ServerInfo } from './master-env.ts';

export type ServerState = 'ONLINE' | 'CRASHED' | 'SPLITTING_META' | 'SPLITTING_META_DONE' | 'SPLITTING' | 'OFFLINE';

interface ServerStateNode {
  state: ServerState;
  /** Has sent at least one regionServerReport: only such servers get regions (HBASE-25032). */
  reported: boolean;
}

export class ServerManager implements ServerInfo {
  readonly #servers = new Map<ServerName, ServerStateNode>();
  readonly #dead = new Set<ServerName>();
  /** Set once the master is past its failover bookkeeping: only then does a vanished znode expire a server. */
  #active = false;

  constructor(
    private readonly trace: SystemTracer,
    private readonly master: ServerName,
    /** Submits the ServerCrashProcedure for an expired server. */
    private readonly submitServerCrash: (server: ServerName) => void,
    private readonly bugs: ReadonlySet<string> = new Set(),
  ) {}

  /** regionServerStartup: YouAreDead for a dead server; a newer startcode of the same host expires the old. */
  regionServerStartup(server: ServerName): ErrorResponse | null {
    if (this.#dead.has(server)) return failure('YouAreDeadException', `${server} is dead`);
    for (const existing of this.onlineServers()) {
      if (existing !== server && hostAndPort(existing) === hostAndPort(server)) {
        if (parseServerName(existing).startcode > parseServerName(server).startcode) return failure('YouAreDeadException', `a newer ${existing} is registered`);
        this.expireServer(existing, 'a new incarnation of the same host registered');
      }
    }
    // Planted bug HBASE-21565: DeadServer.cleanPreviousInstance forgets the older incarnations while their SCPs run.
    if (this.bugs.has('second-scp-for-same-server')) {
      for (const dead of [...this.#dead]) if (dead !== server && hostAndPort(dead) === hostAndPort(server)) this.#dead.delete(dead);
    }
    this.#record(server);
    return null;
  }

  /** regionServerReport: YouAreDead for a dead server; an unknown live server is recorded (master failover). */
  regionServerReport(server: ServerName): ErrorResponse | null {
    if (this.#dead.has(server)) return failure('YouAreDeadException', `${server} is dead`);
    const startupError = this.#servers.has(server) ? null : this.regionServerStartup(server);
    if (startupError !== null) return startupError;
    const node = this.#servers.get(server) as ServerStateNode;
    node.reported = true;
    return null;
  }

  /** Whether a report or transition from this server may be accepted (HBASE-21508: not from the dead). */
  isOnline(server: ServerName): boolean {
    return this.#servers.get(server)?.state === 'ONLINE';
  }

  isDead(server: ServerName): boolean {
    return this.#dead.has(server);
  }

  /** DeadServer.isDeadServer in the ZooKeeper era: expired, and its ServerShutdownHandler not done with it yet. */
  isDeadNotProcessed(server: ServerName): boolean {
    return this.#dead.has(server) && this.#servers.has(server);
  }

  /**
   * areDeadServersInProgress: a dead server whose ServerCrashProcedure has not finished (its node is dropped by
   * serverCrashProcessed). The balancer does not run meanwhile.
   */
  areDeadServersInProgress(): boolean {
    return [...this.#servers.values()].some((n) => n.state !== 'ONLINE');
  }

  onlineServers(): ServerName[] {
    return [...this.#servers].filter(([, n]) => n.state === 'ONLINE').map(([sn]) => sn).sort();
  }

  assignableServers(): ServerName[] {
    return [...this.#servers].filter(([, n]) => n.state === 'ONLINE' && n.reported).map(([sn]) => sn).sort();
  }

  /** From here on, servers that vanish from ZooKeeper are expired (RegionServerTracker.upgrade). */
  activate(): void {
    this.#active = true;
  }

  get active(): boolean {
    return this.#active;
  }

  /**
   * expireServer: only an ONLINE server is expired (HBASE-21565: no second SCP), and only by an active master.
   * Recording a server that was live before a master restart and is gone now also goes through here.
   */
  expireServer(server: ServerName, reason: string): boolean {
    const node = this.#servers.get(server);
    // Once dead, always dead: its znode vanishing after its SCP finished must not start a second one. The planted
    // bug HBASE-21565 checks the DeadServer list alone.
    const notOnline = node !== undefined && node.state !== 'ONLINE' && !this.bugs.has('second-scp-for-same-server');
    if (this.#dead.has(server) || notOnline) return false;
    if (node === undefined) this.#servers.set(server, { state: 'CRASHED', reported: false });
    else node.state = 'CRASHED';
    this.#dead.add(server);
    this.trace.emit('master.expireServer', { master: this.master, server, reason });
    this.submitServerCrash(server);
    return true;
  }

  /** A ServerCrashProcedure loaded at failover: its server is dead, whatever ZooKeeper says. */
  markDeadFromProcedure(server: ServerName): void {
    this.#dead.add(server);
    const node = this.#servers.get(server);
    if (node === undefined) this.#servers.set(server, { state: 'CRASHED', reported: false });
    else node.state = 'CRASHED';
  }

  setServerState(server: ServerName, state: string): void {
    const node = this.#servers.get(server);
    if (node !== undefined) node.state = state as ServerState;
  }

  serverCrashProcessed(server: ServerName): void {
    this.#servers.delete(server);
  }

  #record(server: ServerName): void {
    if (this.#servers.has(server)) return;
    this.#servers.set(server, { state: 'ONLINE', reported: false });
    this.trace.emit('master.serverOnline', { master: this.master, server });
  }
}

/**
 * ServerManager.waitForRegionServers, in both assignment eras: at least `mintostart` servers, their count stable
 * for `interval`, and at least `timeout` waited.
 */
export function waitForRegionServers(m: HMaster, serverManager: ServerManager, then: () => void): void {
  const start = m.ctx.now();
  const poll = (lastCount: number, lastChange: number): void => {
    const cfg = m.config;
    const count = serverManager.onlineServers().length;
    const now = m.ctx.now();
    const changedAt = count !== lastCount ? now : lastChange;
    const enough = count >= Math.max(1, cfg.waitOnRegionServersMinToStart);
    if (enough && now - start >= cfg.waitOnRegionServersTimeoutMs && now - changedAt >= cfg.waitOnRegionServersIntervalMs) {
      m.trace.emit('master.regionServersReady', { server: m.serverName, count });
      return then();
    }
    m.ctx.setTimer(Math.max(50, Math.floor(cfg.waitOnRegionServersIntervalMs / 5)), () => poll(count, changedAt));
  };
  poll(serverManager.onlineServers().length, start);
}
