/** Whole-cluster throughput: wall time per seed of a scenario, and simulated seconds per wall second. */
import { performance } from 'node:perf_hooks';
import { Simulation } from '../harness/simulation.ts';
import { checkAssignment } from '../checkers/assignment/check.ts';
import { runHBaseScenario, type HBaseScenarioSpec } from '../runner/scenarios/hbase.ts';
import { steady } from '../runner/scenarios/steady.ts';
import { figure, median } from './measure.ts';

export function benchScenario(name: string, spec: HBaseScenarioSpec, seeds = 12): void {
  process.stdout.write(`scenario ${name} (seeds 1–${seeds} after 2 warm-up seeds, one core):\n`);
  for (let seed = 1001; seed <= 1002; seed++) runHBaseScenario(new Simulation({ seed }), spec);
  const wall: number[] = [];
  const check: number[] = [];
  let simulated = 0;
  let events = 0;
  let ops = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const sim = new Simulation({ seed });
    const start = performance.now();
    runHBaseScenario(sim, spec);
    const ran = performance.now();
    checkAssignment(sim.trace.events);
    check.push(performance.now() - ran);
    wall.push(ran - start);
    simulated += sim.scheduler.now;
    events += sim.scheduler.eventsHandled;
    ops += sim.history.ops.filter((o) => o.type === 'invoke').length;
  }
  const totalWall = wall.reduce((a, b) => a + b, 0);
  figure('wall ms per seed (simulation, median)', `${median(wall).toFixed(0)} ms`);
  figure('wall ms per seed (assignment check, median)', `${median(check).toFixed(1)} ms`);
  figure('simulated seconds per wall second', `${(simulated / totalWall).toFixed(0)}`);
  figure('events per seed / client operations per seed', `${Math.round(events / seeds)} / ${Math.round(ops / seeds)}`);
}

export function benchCluster(): void {
  benchScenario('steady', steady.spec);
}
