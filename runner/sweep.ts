/**
 * `sweep`: many seeds of one scenario on worker threads (one per core by default). Each worker runs whole seeds
 * and writes the files of failing ones; the main thread only collects verdicts, so a sweep's memory stays flat.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { DeterminismCheck } from './determinism.ts';
import type { FaultCounts } from './fault-counts.ts';
import type { SeedMeasures } from './compare/seed-measures.ts';

/** FoundationDB re-runs about one simulation in twenty to catch non-determinism; so does a sweep by default. */
export const DEFAULT_DETERMINISM_SHARE = 0.05;

export interface SweepRequest {
  scenarioName: string;
  /** Scenario data when it came from --scenario-file (already validated). */
  spec: unknown;
  seeds: number[];
  outRoot: string;
  /** The share of seeds run twice and compared by digest (runner/determinism.ts picks them from the seed). */
  determinismShare?: number;
  /** Modules that register scenarios beyond the built-ins (URLs or paths), imported by every worker. */
  scenarioModules?: string[];
  /** Also measure each seed (availability, failed operations: runner/compare/seed-measures.ts), as `compare` does. */
  measure?: boolean;
}

/** What a worker thread starts with. */
export interface WorkerData {
  scenarioName: string;
  spec: unknown;
  outRoot: string;
  determinismShare: number;
  scenarioModules: string[];
  measure: boolean;
}

export interface SeedVerdict {
  seed: number;
  valid: true | false | 'unknown';
  failing: string[];
  report?: string;
  repro: string;
  wallMs: number;
  /** Faults injected in this seed, from its trace: by kind, and triggered ones by failpoint. */
  faults: FaultCounts;
  /** Present when the seed was re-run to check determinism: identical, or where the two runs first differ. */
  determinism?: { identical: true } | Extract<DeterminismCheck, { identical: false }>;
  /** When the request asked to measure. */
  measures?: SeedMeasures;
}

export interface SweepSummary {
  verdicts: SeedVerdict[];
  /** Seeds never handed to a worker because `stop` said so, in seed order. */
  notRun: number[];
  wallMs: number;
  workers: number;
  utilisation: SweepUtilisation;
}

/**
 * How busy the sweep kept the machine: each worker's and the main thread's event-loop utilisation (the share of
 * its lifetime spent running code rather than waiting for a message), and the process's CPU time over the sweep's
 * wall time per core used (`cores`: the workers, at most the machine's cores).
 */
export interface SweepUtilisation {
  workers: number[];
  main: number;
  cpu: number;
  cores: number;
  /** V8's garbage collector in this process (workers included): on each thread alone, or with its helper threads. */
  gc: 'single-threaded' | 'default';
}

// From the sources (run through tsx) a worker thread needs tsx registered first: bin/sweep-worker.js does it. The
// compiled build (dist/runner/) runs its own sweep-worker.js directly.
const WORKER = import.meta.url.endsWith('.ts') ? new URL('../bin/sweep-worker.js', import.meta.url) : new URL('./sweep-worker.js', import.meta.url);

/**
 * Runs the request's seeds; `stop`, asked before each seed is handed out, ends the sweep early (`--stop-after`):
 * seeds already running finish, the rest are reported as not run.
 */
export async function sweep(
  request: SweepRequest,
  onVerdict: (v: SeedVerdict, done: number) => void,
  workers = Math.min(availableParallelism(), request.seeds.length),
  stop: () => boolean = () => false,
): Promise<SweepSummary> {
  const start = performance.now();
  const cpuAtStart = process.cpuUsage();
  const mainAtStart = performance.eventLoopUtilization();
  const queue = [...request.seeds];
  const verdicts: SeedVerdict[] = [];
  const workerUtilisation: number[] = [];
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const workerData: WorkerData = {
        scenarioName: request.scenarioName,
        spec: request.spec,
        outRoot: request.outRoot,
        determinismShare: request.determinismShare ?? DEFAULT_DETERMINISM_SHARE,
        scenarioModules: request.scenarioModules ?? [],
        measure: request.measure === true,
      };
      const worker = new Worker(WORKER, { workerData });
      const next = () => {
        const seed = stop() ? undefined : queue.shift();
        if (seed === undefined) {
          workerUtilisation.push(worker.performance.eventLoopUtilization().utilization);
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
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuAtStart);
  const cores = Math.min(Math.max(1, workers), availableParallelism());
  const utilisation: SweepUtilisation = {
    workers: workerUtilisation,
    main: performance.eventLoopUtilization(mainAtStart).utilization,
    cpu: (cpu.user + cpu.system) / 1000 / (wallMs * cores),
    cores,
    gc: process.execArgv.includes('--single-threaded-gc') ? 'single-threaded' : 'default',
  };
  return { verdicts, notRun: [...queue].sort((a, b) => a - b), wallMs, workers: Math.max(1, workers), utilisation };
}

/** `workers 97% 96%, main thread 3%, CPU 95% of 2 cores, single-threaded GC` */
export function utilisationPhrase(u: SweepUtilisation): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return `utilisation: workers ${u.workers.map(pct).join(' ')}, main thread ${pct(u.main)}, CPU ${pct(u.cpu)} of ${u.cores} core${u.cores === 1 ? '' : 's'}, ${u.gc === 'single-threaded' ? 'single-threaded' : "V8's default"} GC`;
}
