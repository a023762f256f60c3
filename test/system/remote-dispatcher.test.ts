/**
 * RSProcedureDispatcher's retry and give-up rules (ExecuteProceduresRemoteCall.scheduleForRetry, HBase 2.6 with
 * HBASE-28638), driven by a scripted network and a hand-moved clock.
 */
import { describe, expect, test } from 'vitest';
import type { Network, RpcResult } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import { SCENARIO_CONFIG } from '../../system/hbase/config.ts';
import { failure } from '../../system/hbase/exceptions.ts';
import type { AdminResponse } from '../../system/hbase/protocol.ts';
import { regionInfo } from '../../system/hbase/region-info.ts';
import { serverName } from '../../system/hbase/server-name.ts';
import type { DispatchOutcome, ServerInfo } from '../../system/master/master-env.ts';
import { RSProcedureDispatcher } from '../../system/master/remote-dispatcher.ts';

const RS = serverName('rs-1', 16020, 1);
const REGION = regionInfo('usertable', '', '', 1);
const config = SCENARIO_CONFIG;

type Answer = 'timeout' | AdminResponse;

/** A world with one RegionServer whose answers are scripted, one per call; the last answer repeats. */
function world(answers: Answer[], bugs: string[] = [], initiallyOnline = true) {
  let now = 0;
  const timers: Array<{ at: number; fire: () => void }> = [];
  const sentAt: number[] = [];
  const expired: string[] = [];
  let online = initiallyOnline;
  const ctx = { now: () => now, setTimer: (delay: number, fire: () => void) => timers.push({ at: now + delay, fire }) } as unknown as ProcessContext;
  const network = {
    call: (_ctx: ProcessContext, _to: string, _service: string, _method: string, _request: unknown, timeoutMs: number, callback: (r: RpcResult<AdminResponse>) => void) => {
      sentAt.push(now);
      const answer = answers[Math.min(sentAt.length - 1, answers.length - 1)]!;
      if (answer === 'timeout') timers.push({ at: now + timeoutMs, fire: () => callback({ ok: false, error: { kind: 'connection', reason: 'timeout', to: 'rs-1', service: 'admin', method: 'openRegion' } }) });
      else timers.push({ at: now + 2, fire: () => callback({ ok: true, value: answer }) });
    },
  } as unknown as Network;
  const servers = {
    isOnline: () => online,
    expireServer: (server: string) => {
      expired.push(server);
      online = false;
      return true;
    },
  } as unknown as ServerInfo;
  const dispatcher = new RSProcedureDispatcher(ctx, network, config, servers, () => 1, new Set(bugs));
  const outcomes: DispatchOutcome[] = [];
  dispatcher.openRegion(RS, REGION, 7, (o) => outcomes.push(o));
  /** Run timers in time order until `until`, or until nothing is left. */
  const runUntil = (until: number, step?: () => void) => {
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (next === undefined || next.at > until) return;
      timers.shift();
      now = next.at;
      next.fire();
      step?.();
    }
  };
  return { outcomes, sentAt, expired, runUntil, setOnline: (v: boolean) => (online = v), now: () => now };
}

const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]!);

describe('RSProcedureDispatcher: when it retries', () => {
  test('a call that times out is retried while the server is online, backing off min(100 ms·n², 10 s), never given up', () => {
    const w = world(['timeout']);
    w.runUntil(300_000);
    expect(w.outcomes).toEqual([]);
    const backoffs = gaps(w.sentAt).map((g) => g - config.rpcTimeoutMs);
    expect(backoffs.slice(0, 5)).toEqual([100, 400, 900, 1_600, 2_500]);
    expect(backoffs.at(-1)).toBe(10_000);
  });

  test('a ServerNotRunningYetException is retried every 100 ms until rpc.startup.waittime has passed, then given up', () => {
    const w = world([failure('ServerNotRunningYetException')]);
    w.runUntil(60_000);
    expect(w.outcomes).toEqual(['failed']);
    expect(new Set(gaps(w.sentAt).slice(0, -1))).toEqual(new Set([102]));
    expect(w.sentAt.at(-1)! - w.sentAt[0]!).toBeGreaterThanOrEqual(config.rsStartupWaitTimeMs - 102);
    expect(w.sentAt.at(-1)! - w.sentAt[0]!).toBeLessThanOrEqual(config.rsStartupWaitTimeMs + 102);
  });

  test('a success after retries is a dispatch', () => {
    const w = world(['timeout', 'timeout', { ok: true }]);
    w.runUntil(60_000);
    expect(w.outcomes).toEqual(['dispatched']);
    expect(w.sentAt).toHaveLength(3);
  });
});

describe('RSProcedureDispatcher: when it gives up', () => {
  test('a server not online when the request is added: FailedRemoteDispatchException, nothing sent', () => {
    const w = world([{ ok: true }], [], false);
    w.runUntil(60_000);
    expect(w.outcomes).toEqual(['server-dead']);
    expect(w.sentAt).toEqual([]);
  });

  test('DoNotRetryIOException: given up at once', () => {
    const w = world([failure('DoNotRetryIOException', 'this is another incarnation')]);
    w.runUntil(60_000);
    expect(w.outcomes).toEqual(['failed']);
    expect(w.sentAt).toHaveLength(1);
  });

  test('the server stops being online between retries: given up (the ServerCrashProcedure takes over)', () => {
    const w = world(['timeout']);
    w.runUntil(3_500);
    w.setOnline(false);
    w.runUntil(60_000);
    expect(w.outcomes).toEqual(['failed']);
  });

  test('CallQueueTooBig on the first attempt: the request never arrived, so it is given up at once', () => {
    const w = world([failure('CallQueueTooBigException' as never)]);
    w.runUntil(60_000);
    expect(w.outcomes).toEqual(['failed']);
    expect(w.sentAt).toHaveLength(1);
    expect(w.expired).toEqual([]);
  });

  test('CallQueueTooBig after a timeout: the first request may have arrived, so it is retried — until the fail-fast limit expires the server (HBASE-28638)', () => {
    const w = world(['timeout', failure('CallQueueTooBigException' as never)]);
    w.runUntil(600_000);
    expect(w.outcomes).toEqual(['failed']);
    expect(w.sentAt).toHaveLength(config.remoteProcFailFastLimit);
    expect(w.expired).toEqual([RS]);
  });

  test('planted bug dispatch-gives-up-on-timeout (HBASE-6299): the first timeout is taken as a dead server', () => {
    const w = world(['timeout'], ['dispatch-gives-up-on-timeout']);
    w.runUntil(60_000);
    expect(w.outcomes).toEqual(['server-dead']);
    expect(w.sentAt).toHaveLength(1);
  });
});

describe('a dispatch given up on while the target is online: the TRSP picks another server (RegionRemoteProcedureBase.remoteCallFailed)', () => {
  test('a move to a server that answers ServerNotRunningYetException for longer than rpc.startup.waittime reopens the region elsewhere', async () => {
    const { Simulation } = await import('../../harness/simulation.ts');
    const { runHBaseScenario } = await import('../../runner/scenarios/hbase.ts');
    const { steady } = await import('../../runner/scenarios/steady.ts');
    const { TransitRegionStateProcedure } = await import('../../system/master/assignment/transit-region-state-procedure.ts');
    const { checkAssignment } = await import('../../checkers/assignment/check.ts');
    const { recordedEvents } = await import('../../schema/trace.ts');
    const sim = new Simulation({ seed: 1 });
    let moved = '';
    let starting = '';
    runHBaseScenario(sim, { ...steady.spec, durationMs: 20_000 }, ({ cluster }) => {
      cluster.sim.scheduler.at(6_000, () => {
        const target = cluster.regionServer('rs-2')!;
        const source = cluster.regionServer('rs-1')!;
        const active = cluster.activeMaster()!.active!;
        const region = [...source.online.values()].map((r) => r.info).find((info) => info.table !== 'hbase:meta')!;
        moved = region.encodedName;
        starting = target.serverName;
        // rs-2 turns every request away as a server still starting (checkOpen) — as after a restart it would.
        target.lifecycle = 'STARTING';
        cluster.sim.scheduler.at(6_000 + config.rsStartupWaitTimeMs + 3_000, () => (target.lifecycle = 'ONLINE'));
        const node = active.am.regionStates.get(moved)!;
        node.setProcedure(active.executor.submit(new TransitRegionStateProcedure(region, 'MOVE', target.serverName)));
      });
    });
    const opening = sim.trace.events.filter((e) => e.type === 'am.transition' && e.region === moved && e.state === 'OPENING' && e.time >= 6_000);
    expect(opening[0]).toMatchObject({ server: starting });
    // The open to rs-2 was given up after the startup wait, and the region re-planned (forceNewPlan).
    expect(opening.length).toBeGreaterThanOrEqual(2);
    expect(opening[1]!.time - opening[0]!.time).toBeGreaterThanOrEqual(config.rsStartupWaitTimeMs);
    const last = sim.trace.events.filter((e) => e.type === 'am.transition' && e.region === moved).at(-1);
    expect(last).toMatchObject({ state: 'OPEN' });
    expect(checkAssignment(recordedEvents(sim.trace)).violations).toEqual([]);
  });
});
