/**
 * One seed of the `large` scenario, simulated and checked, in a process of its own so that its peak memory is its
 * own: prints one JSON line (wall and CPU ms, peak RSS, figures of the run). bench/cluster.ts starts it.
 */
import { performance } from 'node:perf_hooks';
import '../runner/scenarios/index.ts';
import { findScenario } from '../runner/scenarios/registry.ts';
import { runSeed } from '../runner/run-seed.ts';

const seed = Number(process.argv[2] ?? '1');
const scenario = findScenario('large');
if (scenario === undefined) throw new Error('scenario large is not registered');
const cpu = process.cpuUsage();
const start = performance.now();
const { run, verdict } = runSeed(scenario, seed, { write: 'never' });
const wallMs = performance.now() - start;
const used = process.cpuUsage(cpu);
process.stdout.write(
  JSON.stringify({
    seed,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    valid: verdict.valid,
    checkers: Object.fromEntries(Object.entries(verdict.checkers).map(([name, r]) => [name, r.valid])),
    stats: run.stats,
  }) + '\n',
);
