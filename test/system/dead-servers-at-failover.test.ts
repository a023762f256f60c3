import { expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import { recordedEvents } from '../../schema/trace.ts';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import { runHBaseScenario } from '../../runner/scenarios/hbase.ts';
import { steady } from '../../runner/scenarios/steady.ts';
import { layoutOf } from '../../system/hbase/paths.ts';

const GONE = 'rs-8,16020,1';
const SPLITTING = 'rs-9,16020,1';

test('a new master expires a gone server from its WAL directory, but only logs a -splitting directory that has no ServerCrashProcedure (RegionServerTracker.upgrade)', () => {
  const sim = new Simulation({ seed: 5 });
  let victim = '';
  runHBaseScenario(sim, { ...steady.spec, durationMs: 20_000 }, ({ cluster }) => {
    // Left behind by servers of an earlier life of this cluster: one whose WALs nobody split, one whose split
    // was under way when its procedure was lost.
    cluster.sim.scheduler.at(5_000, () => {
      cluster.sim.scheduler.spawn('operator', (ctx) => {
        const fs = cluster.fsFor(ctx);
        const layout = layoutOf(steady.spec.cluster.config);
        fs.mkdirs(layout.walDir(GONE), () => fs.mkdirs(layout.splittingWalDir(SPLITTING), () => ctx.exit()));
      });
    });
    cluster.sim.scheduler.at(7_000, () => {
      victim = cluster.activeMaster()!.ctx.id;
      cluster.sim.scheduler.crash(victim);
    });
  });
  const events = sim.trace.events;
  const successor = events.find((e) => e.type === 'master.active' && e.process !== victim);
  expect(successor).toBeDefined();
  const expired = events.filter((e) => e.type === 'master.expireServer').map((e) => (e as unknown as { server: string }).server);
  expect(expired).toContain(GONE);
  expect(expired).not.toContain(SPLITTING);
  const logged = events.filter((e) => e.type === 'master.splittingWithoutProcedure').map((e) => (e as unknown as { server: string }).server);
  expect(logged).toEqual([SPLITTING]);
  const crashProcedures = events.filter((e) => e.type === 'procedure.submitted' && e.procedure === 'ServerCrashProcedure');
  expect(crashProcedures).toHaveLength(1);
  expect(checkAssignment(recordedEvents(sim.trace)).violations).toEqual([]);
});
