/**
 * `sweep`: many seeds of one scenario on worker threads (one per core by default). Each worker runs whole seeds
 * and writes the files of failing ones; the main thread only collects verdicts, so a sweep's memory stays flat.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

export interface SweepRequest {
  scenarioName: string;
  /** Scenario data when it came from --scenario-file (already validated). */
  spec: unknown;
  seeds: number[];
  outRoot: string;
}

export interface SeedVerdict {
  seed: number;
  valid: true | false | 'unknown';
  failing: string[];
  report?: string;
  repro: string;
  wallMs: number;
  /** Faults injected in this seed, from its trace: by kind, and triggered ones by failpoint. */
  faults: { byKind: Record<string, number>; byTrigger: Record<string, number> };
}

export interface SweepSummary {
  verdicts: SeedVerdict[];
  wallMs: number;
  workers: number;
}

const WORKER = new URL('../bin/sweep-worker.js', import.meta.url);

export async function sweep(request: SweepRequest, onVerdict: (v: SeedVerdict, done: number) => void, workers = Math.min(availableParallelism(), request.seeds.length)): Promise<SweepSummary> {
  const start = performance.now();
  const queue = [...request.seeds];
  const verdicts: SeedVerdict[] = [];
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(WORKER, { workerData: { scenarioName: request.scenarioName, spec: request.spec, outRoot: request.outRoot } });
      const next = () => {
        const seed = queue.shift();
        if (seed === undefined) {
          void worker.terminate().then(() => resolve());
          return;
        }
        worker.postMessage(seed);
      };
      worker.on('message', (v: SeedVerdict) => {
        verdicts.push(v);
        onVerdict(v, verdicts.length);
        next();
      });
      worker.on('error', reject);
      worker.on('online', next);
    });
  await Promise.all(Array.from({ length: Math.max(1, workers) }, runWorker));
  verdicts.sort((a, b) => a.seed - b.seed);
  return { verdicts, wallMs: performance.now() - start, workers: Math.max(1, workers) };
}
