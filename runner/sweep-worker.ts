/**
 * A sweep worker: runs the seeds it is sent, writes the files of failing ones, re-runs the sampled share of
 * seeds to check determinism, and answers with verdicts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import './scenarios/index.ts';
import { isDeterminismSample, rerunAndCompare } from './determinism.ts';
import { countInjectedFaults } from './fault-counts.ts';
import { findScenario } from './scenarios/registry.ts';
import { runSeed } from './run-seed.ts';
import { measureSeed } from './compare/seed-measures.ts';
import type { SeedVerdict, WorkerData } from './sweep.ts';

const { scenarioName, spec, outRoot, determinismShare, scenarioModules, measure } = workerData as WorkerData;
// Scenarios registered outside the built-ins (a library user's, a test's) come as modules to import first.
for (const module of scenarioModules) await import(module);
const base = findScenario(scenarioName);
if (base === undefined) throw new Error(`unknown scenario ${scenarioName}`);
const scenario = { ...base, spec };

parentPort?.on('message', (seed: number) => {
  const start = performance.now();
  const { run, verdict, files, repro } = runSeed(scenario, seed, { write: 'on-failure', outDir: join(outRoot, `seed-${seed}`) });
  const determinism = isDeterminismSample(seed, determinismShare) ? rerunAndCompare(scenario, run) : undefined;
  const failing = Object.entries(verdict.checkers)
    .filter(([, r]) => r.valid !== true)
    .map(([name]) => name);
  const answer: SeedVerdict = {
    seed,
    valid: verdict.valid,
    failing,
    repro,
    wallMs: performance.now() - start,
    faults: countInjectedFaults(run.trace),
    ...(files['report.html'] ? { report: files['report.html'] } : {}),
    ...(determinism === undefined ? {} : { determinism: determinism.identical ? { identical: true } : determinism }),
    ...(measure ? { measures: measureSeed(run, verdict) } : {}),
  };
  parentPort?.postMessage(answer);
});
