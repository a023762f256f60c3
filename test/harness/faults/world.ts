/**
 * A small world for the fault injector's tests: nodes n1..n3 that tick on their own timers, ping each other
 * with seeded choices and trace what they see (so a replay has something to diverge on), a failpoint in each
 * tick and in each ping handler, and a FaultTargets of our own that records what the Nemesis asked of it.
 */
import { Simulation } from '../../../harness/simulation.ts';
import type { TraceRecord } from '../../../harness/trace.ts';
import type { ProcessContext, ProcessId } from '../../../harness/scheduler.ts';
import { Nemesis } from '../../../harness/faults/nemesis.ts';
import type { FaultSchedule, FaultTargets } from '../../../harness/faults/types.ts';
import type { FaultProfile } from '../../../harness/faults/profile.ts';

export const NODES = ['n1', 'n2', 'n3'] as const;

export interface World {
  sim: Simulation;
  targets: FaultTargets & { calls: string[]; noSession: Set<ProcessId> };
  /** Set by arm(); the nodes' failpoints go through it. */
  nemesis: Nemesis | undefined;
  arm(schedule: FaultSchedule): Nemesis;
  /** Per node: `[virtual time, ctx.now()]` of each tick. */
  ticks: Map<ProcessId, Array<[number, number]>>;
  /** Per node: virtual time of each ping it handled. */
  pings: Map<ProcessId, number[]>;
}

export interface WorldOptions {
  seed?: number;
  /** Tick period range in ms; ticks ping a random other node. */
  tickMs?: [number, number];
  /** Nodes tick only while virtual time is below this. */
  tickUntilMs?: number;
}

export function buildWorld(options: WorldOptions = {}): World {
  const { seed = 1, tickMs = [5, 15], tickUntilMs = Infinity } = options;
  const sim = new Simulation({ seed, network: { minLatencyMs: 1, maxLatencyMs: 3 } });
  const { scheduler, network } = sim;
  const trace = sim.trace.tracer<TraceRecord>();
  const ticks = new Map<ProcessId, Array<[number, number]>>(NODES.map((n) => [n, []]));
  const pings = new Map<ProcessId, number[]>(NODES.map((n) => [n, []]));
  const world: World = {
    sim,
    nemesis: undefined,
    ticks,
    pings,
    targets: undefined as unknown as World['targets'],
    arm(schedule) {
      const nemesis = new Nemesis(sim, world.targets, schedule);
      world.nemesis = nemesis;
      nemesis.arm();
      return nemesis;
    },
  };
  const failpoint = (ctx: ProcessContext, name: string, detail: Record<string, unknown>) => world.nemesis?.failpoint(ctx, name, detail);

  const boot = (ctx: ProcessContext) => {
    trace.emit('node.boot', { node: ctx.id, incarnation: ctx.incarnation });
    network.listen(ctx, 'node', (req) => {
      if (req.method === 'pong') return trace.emit('node.pong', { node: ctx.id, from: req.from });
      pings.get(ctx.id)?.push(scheduler.now);
      trace.emit('node.ping', { node: ctx.id, from: req.from, n: (req.payload as { n?: number }).n ?? null });
      failpoint(ctx, 'node.pinged', { node: ctx.id, from: req.from });
      // What follows the failpoint: a crash there must stop it.
      network.send(ctx, req.from, 'node', 'pong', { from: ctx.id });
    });
    const rng = ctx.random('ticks');
    let n = 0;
    const tick = () => {
      if (scheduler.now >= tickUntilMs) return;
      n++;
      ticks.get(ctx.id)?.push([scheduler.now, ctx.now()]);
      trace.emit('node.tick', { node: ctx.id, n, clock: ctx.now() });
      failpoint(ctx, 'node.tick', { node: ctx.id, n });
      const others = NODES.filter((o) => o !== ctx.id);
      network.send(ctx, rng.pick(others), 'node', 'ping', { n });
      ctx.setTimer(rng.int(tickMs[0], tickMs[1]), tick);
    };
    ctx.setTimer(rng.int(tickMs[0], tickMs[1]), tick);
  };
  for (const id of NODES) scheduler.spawn(id, boot);

  const live = () => NODES.filter((id) => scheduler.info(id).status !== 'crashed');
  const roles: Record<string, () => ProcessId[]> = {
    leader: () => live().slice(0, 1),
    any: () => live(),
    // Deliberately unsorted: the Nemesis must not depend on the order a system lists a role's holders in.
    'any-reversed': () => live().reverse(),
    nobody: () => [],
  };
  const calls: string[] = [];
  const noSession = new Set<ProcessId>();
  world.targets = {
    calls,
    noSession,
    processes: () => [...NODES],
    roles: () => Object.keys(roles),
    resolve: (role) => roles[role]?.() ?? [],
    expireSession: (p) => {
      calls.push(`expireSession ${p}`);
      return !noSession.has(p);
    },
    failSyncs: (p, times) => {
      calls.push(`failSyncs ${p} ${times}`);
      return calls.length;
    },
    clearSyncFailures: () => calls.push('clearSyncFailures'),
    restart: (p) => {
      calls.push(`restart ${p}`);
      if (scheduler.info(p).status === 'crashed') scheduler.restart(p);
    },
  };
  return world;
}

/** The trace records of the given type (or types), as plain objects without their time unless asked for. */
export function eventsOf(world: World, ...types: string[]): Array<Record<string, unknown>> {
  return world.sim.trace.events.filter((e) => types.includes(e.type)).map((e) => ({ ...e }));
}

export function schedule(parts: Partial<FaultSchedule>): FaultSchedule {
  return { version: 1, quietAtMs: 10_000, faults: [], triggers: [], ...parts };
}

/** A profile over the world's vocabulary that uses every kind, roles with several holders, and triggers. */
export const TEST_PROFILE: FaultProfile = {
  name: 'test-everything',
  timed: [
    { kind: 'crash', targets: ['role:any', 'n1'], ratePerMinute: 30, restartAfterMs: [50, 400] },
    { kind: 'crash', targets: ['role:leader'], ratePerMinute: 6, restartAfterMs: null },
    { kind: 'pause', targets: ['role:any-reversed', 'n2'], ratePerMinute: 30, durationMs: [10, 300] },
    { kind: 'partition', targets: ['role:any', 'n3'], isolateFrom: ['all:any'], ratePerMinute: 20, durationMs: [10, 500] },
    { kind: 'partition', partitions: [[['n1'], ['n2']], [['n1', 'n2'], ['n3']]], ratePerMinute: 10, durationMs: [0, 200] },
    // Two roles in one fault, named out of alphabetical order.
    { kind: 'partition', partitions: [[['role:leader'], ['role:any', 'n3']]], ratePerMinute: 10, durationMs: [10, 200] },
    { kind: 'partition-one-way', links: [{ from: ['n1'], to: ['n2', 'n3'] }], ratePerMinute: 10, durationMs: [10, 300] },
    { kind: 'partition-one-way', targets: ['role:leader'], isolateFrom: ['n1', 'n2', 'all:any-reversed'], ratePerMinute: 10, durationMs: [10, 300] },
    { kind: 'clock-skew', targets: ['role:any', 'n2'], ratePerMinute: 20, skewMs: [-1_000, 1_000] },
    { kind: 'session-expiry', targets: ['role:any'], ratePerMinute: 20 },
    { kind: 'sync-failure', targets: ['n1', 'role:any'], ratePerMinute: 10, times: [1, 5] },
    { kind: 'sync-failure', targets: ['n2'], ratePerMinute: 5, times: 'until-roll' },
    { kind: 'restart', targets: ['n1', 'n2', 'n3'], ratePerMinute: 20 },
    { kind: 'restart', targets: ['n1'], ratePerMinute: 0 },
  ],
  triggers: [
    { on: 'node.tick', where: { node: 'n2' }, probability: 0.7, occurrence: [1, 40], fault: { kind: 'crash', targets: ['role:self'], restartAfterMs: [10, 100] } },
    { on: 'node.pinged', probability: 0.7, occurrence: [1, 60], fault: { kind: 'pause', targets: ['role:self', 'role:any'], durationMs: [10, 100] } },
    { on: 'node.tick', probability: 0.5, occurrence: [1, 100], fault: { kind: 'partition', targets: ['role:self'], isolateFrom: ['n1', 'n2', 'n3'], durationMs: [10, 100] } },
    { on: 'node.never', probability: 1, fault: { kind: 'restart', targets: ['role:self'] } },
    { on: 'node.tick', probability: 0, fault: { kind: 'restart', targets: ['n1'] } },
  ],
};

export const KNOWN = { processes: [...NODES], roles: ['leader', 'any', 'any-reversed', 'nobody'] };
