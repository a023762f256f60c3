/** Whole-cluster throughput: wall time per seed of a scenario, and simulated seconds per wall second. */
import { performance } from 'node:perf_hooks';
import { Simulation } from '../harness/simulation.ts';
import { recordedEvents } from '../schema/trace.ts';
import { checkAssignment } from '../checkers/assignment/check.ts';
import { runHBaseScenario, type HBaseScenarioSpec } from '../runner/scenarios/hbase.ts';
import { steady } from '../runner/scenarios/steady.ts';
import { failover } from '../runner/scenarios/failover.ts';
import { runSeed } from '../runner/run-seed.ts';
import { availableParallelism } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { utilisationPhrase } from '../runner/sweep.ts';
import { cliSweep } from './cli-sweep.ts';
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
    checkAssignment(recordedEvents(sim.trace));
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

/** One core, simulation and both checkers, as `run` does it (without writing files). */
export function benchCheckedSeeds(seeds = 20): void {
  process.stdout.write(`scenario failover, simulated and checked (linearizability + assignment), seeds 1–${seeds}, one core:\n`);
  runSeed(failover, 1001, { write: 'never' });
  const wall: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const start = performance.now();
    runSeed(failover, seed, { write: 'never' });
    wall.push(performance.now() - start);
  }
  figure('wall ms per seed, checked (median)', `${median(wall).toFixed(0)} ms`);
}

/** Both cores, through `faultline sweep` as a user runs it (its own CLI in a child process): seeds per minute, checking included. */
export function benchSweep(seeds = 300): void {
  const result = cliSweep(fileURLToPath(new URL('..', import.meta.url)), seeds, availableParallelism());
  process.stdout.write(`sweep of failover (${seeds} seeds, ${result.workers} workers, checking included; \`npx faultline sweep --seeds ${seeds}\`, timed to its exit):\n`);
  figure('seeds per minute', `${((seeds / result.wallMs) * 60_000).toFixed(0)}`);
  process.stdout.write(`  ${utilisationPhrase({ ...result.utilisation, gc: result.utilisation.gc ?? 'default' })}\n`);
  figure('valid seeds', `${result.valid} / ${seeds}`);
}

/**
 * The `large` scenario (50 RegionServers, 500 regions, 100 clients, 60 s), one seed simulated and checked, each in
 * a child process of its own so that the peak RSS printed is that seed's.
 */
export function benchLarge(seeds: readonly number[] = [1, 2]): void {
  process.stdout.write(`scenario large (3 masters, 50 RegionServers, 500 regions, 100 clients, 60 s virtual time), simulated and checked, one process per seed:\n`);
  const script = fileURLToPath(new URL('./large-run.ts', import.meta.url));
  for (const seed of seeds) {
    const out = execFileSync(process.execPath, [...loaderArgs(), script, String(seed)], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop() as string) as { wallMs: number; cpuMs: number; peakRssMb: number; valid: unknown; checkers: Record<string, unknown>; stats: Record<string, number> };
    figure(
      `seed ${seed}: wall / CPU / peak RSS`,
      `${(r.wallMs / 1000).toFixed(1)} s / ${(r.cpuMs / 1000).toFixed(1)} s / ${r.peakRssMb.toFixed(0)} MB — ${r.stats.events} events, ${r.stats.operations} client ops, ${(r.wallMs / ((r.stats.events ?? 1) / 1000)).toFixed(2)} ms per 1k events; valid: ${String(r.valid)} (${Object.entries(r.checkers).map(([k, v]) => `${k} ${String(v)}`).join(', ')})`,
    );
  }
}

/** This process's Node options (tsx's loader) without an --eval/--print and its code, which the child must not run again. */
function loaderArgs(): string[] {
  const args: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i] as string;
    if (['-e', '--eval', '-p', '--print'].includes(arg)) i++;
    else if (!/^--(eval|print)=/.test(arg)) args.push(arg);
  }
  return args;
}

export function benchCluster(): void {
  benchLarge();
  benchScenario('steady', steady.spec);
  benchScenario('failover (simulation only)', failover.spec);
  benchCheckedSeeds();
  benchSweep();
}
