import { describe, expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import { recordedEvents } from '../../schema/trace.ts';
import { sha256 } from '../../harness/io/atomic.ts';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import { runHBaseScenario, type HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { steady } from '../../runner/scenarios/steady.ts';

const spec: HBaseScenarioSpec = { ...steady.spec, durationMs: 20_000 };

function run(seed: number, arm?: Parameters<typeof runHBaseScenario>[2], s: HBaseScenarioSpec = spec) {
  const sim = new Simulation({ seed });
  const hbase = runHBaseScenario(sim, s, arm);
  return { sim, ...hbase };
}

const count = (sim: Simulation, type: string) => sim.history.ops.filter((o) => o.type === type).length;
const events = (sim: Simulation, type: string) => sim.trace.events.filter((e) => e.type === type);

describe('the simulated cluster, steady state', () => {
  test.each([1, 2, 3, 4, 5])('seed %i: one active master, thousands of ok operations, every region open once, meta agrees', (seed) => {
    const { sim, cluster } = run(seed);
    expect(events(sim, 'master.initialized')).toHaveLength(1);
    expect(count(sim, 'ok')).toBeGreaterThan(3_000);
    expect(count(sim, 'info')).toBe(0);
    const verdict = checkAssignment(recordedEvents(sim.trace));
    expect(verdict.violations).toEqual([]);
    expect(verdict.valid).toBe(true);
    // Every region of every table is open on exactly one live RegionServer.
    const snapshot = cluster.snapshot();
    const served = Object.values(snapshot.regionServers).flat();
    expect(new Set(served).size).toBe(served.length);
    const userRegions = Object.keys(snapshot.meta).filter((r) => snapshot.tables[snapshot.meta[r]!.table] === 'ENABLED');
    expect(userRegions.length).toBeGreaterThanOrEqual(9);
    for (const region of userRegions) expect(served).toContain(region);
  });

  test('same seed ⇒ byte-identical history and trace; different seeds differ', () => {
    const digest = (seed: number) => {
      const { sim } = run(seed);
      return sha256(sim.history.toJsonl(), sim.trace.toJsonl());
    };
    expect(digest(7)).toBe(digest(7));
    expect(digest(7)).not.toBe(digest(8));
  });
});

describe('master failover', () => {
  test('the active master crashes: the backup wins /hbase/master after the session expires and initialises, while clients keep reading and writing', () => {
    let crashedAt = 0;
    let victim = '';
    const { sim, cluster } = run(3, ({ cluster }) => {
      cluster.sim.scheduler.at(8_000, () => {
        const active = cluster.activeMaster();
        if (active === undefined) throw new Error('no active master at 8 s');
        victim = active.ctx.id;
        crashedAt = cluster.sim.scheduler.now;
        cluster.sim.scheduler.crash(victim);
      });
    });
    const active = events(sim, 'master.active');
    expect(active).toHaveLength(2);
    const successor = active[1]!;
    expect(successor.process).not.toBe(victim);
    // The backup takes over only once ZooKeeper expires the dead master's session: a full timeout after the
    // server last heard from it, and its last ping was at most a third of the timeout before the crash.
    const timeout = spec.cluster.config.zkSessionTimeoutMs;
    expect(successor.time - crashedAt).toBeGreaterThanOrEqual((timeout * 2) / 3);
    expect(successor.time - crashedAt).toBeLessThanOrEqual(timeout + 100);
    const initialized = events(sim, 'master.initialized').filter((e) => e.process === successor.process);
    expect(initialized).toHaveLength(1);
    // HBase serves data without a master: ok operations complete while no master is active.
    const okWhileHeadless = sim.history.ops.filter((o) => o.type === 'ok' && o.time > crashedAt && o.time < successor.time).length;
    expect(okWhileHeadless).toBeGreaterThan(100);
    expect(cluster.activeMaster()?.ctx.id).toBe(successor.process);
    expect(checkAssignment(recordedEvents(sim.trace)).violations).toEqual([]);
  });

  test('a RegionServer dies for good: when its session expires the master expires it, and a ServerCrashProcedure reopens its regions elsewhere', () => {
    let deadServer = '';
    const { sim, cluster } = run(4, ({ cluster }) => {
      cluster.sim.scheduler.at(6_000, () => {
        deadServer = cluster.regionServer('rs-3')?.serverName ?? '';
        cluster.sim.scheduler.crash('rs-3');
      });
    });
    const expired = events(sim, 'master.expireServer');
    expect(expired.map((e) => [e.server, e.reason])).toEqual([[deadServer, 'znode deleted']]);
    const scp = events(sim, 'procedure.finished').filter((e) => e.procedure === 'ServerCrashProcedure');
    expect(scp).toHaveLength(1);
    expect(Object.keys(cluster.snapshot().regionServers)).not.toContain(deadServer);
    const verdict = checkAssignment(recordedEvents(sim.trace));
    expect(verdict.violations).toEqual([]);
    expect(verdict.valid).toBe(true);
  });

  test('a RegionServer crashes and restarts: its regions are reassigned by a ServerCrashProcedure, and the restarted server joins as a new server', () => {
    const { sim } = run(2, ({ cluster }) => {
      cluster.sim.scheduler.at(6_000, () => cluster.sim.scheduler.crash('rs-2'));
      cluster.sim.scheduler.at(12_000, () => cluster.sim.scheduler.restart('rs-2'));
    });
    const scp = events(sim, 'procedure.finished').filter((e) => e.procedure === 'ServerCrashProcedure');
    expect(scp.length).toBe(1);
    const online = events(sim, 'rs.online').filter((e) => e.process === 'rs-2');
    expect(online).toHaveLength(2);
    expect(online[0]!.server).not.toBe(online[1]!.server);
    const verdict = checkAssignment(recordedEvents(sim.trace));
    expect(verdict.violations).toEqual([]);
    expect(verdict.valid).toBe(true);
  });
});

describe('determinism under faults', () => {
  test('the same seed of failover (faults, triggers, failovers) gives byte-identical history and trace', async () => {
    await import('../../runner/scenarios/index.ts');
    const { findScenario } = await import('../../runner/scenarios/registry.ts');
    const { simulate } = await import('../../runner/simulate.ts');
    const failover = findScenario('failover')!;
    for (const seed of [2, 9]) {
      const first = simulate(failover, seed);
      const second = simulate(failover, seed);
      expect(first.trace.some((e) => e.type.startsWith('fault.'))).toBe(true);
      expect(second.digest).toBe(first.digest);
    }
    expect(simulate(failover, 2).digest).not.toBe(simulate(failover, 9).digest);
  });
});
