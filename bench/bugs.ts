/**
 * `npm run bench -- bugs`: how fast each planted bug is found. Per bug, over seeds 1..N (200 by default), the
 * first seed whose verdict has the bug's checker (`caughtBy`) invalid and how many seeds do, in the default
 * `failover` scenario and in the bug's own `exposedBy` scenario; then the median first catch in failover (issue
 * 9 asks every bug caught within 200 seeds of failover, median ≤ 20). Seeds run on worker threads, one per core.
 *
 *   npm run bench -- bugs [--seeds N] [--bug NAME[,NAME…]] [--workers N] [--failover-only]
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { PLANTED_BUGS, type PlantedBug } from '../system/bugs.ts';
import type { BugCase, BugCaseResult } from './bugs-worker.ts';
import { flagValue, median, printTable } from './measure.ts';

const WORKER = new URL('./bugs-worker.js', import.meta.url);
const DEFAULT_SEEDS = 200;
const DEFAULT_SCENARIO = 'failover';

export interface BugsBenchOptions {
  seeds: number;
  bugs: readonly PlantedBug[];
  workers: number;
  /** Skip the exposedBy scenarios (they do not change with the default's profile). */
  failoverOnly: boolean;
}

/** First catching seed (null: none) and catches, per bug and scenario. */
export interface Catches {
  first: number | null;
  caught: number;
}

export function parseBugsArgs(args: readonly string[]): BugsBenchOptions {
  const positive = (flag: string, fallback: number): number => {
    const text = flagValue(args, flag);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got ${text}`);
    return n;
  };
  const names = flagValue(args, '--bug')?.split(',') ?? [];
  const unknown = names.filter((n) => !PLANTED_BUGS.some((b) => b.name === n));
  if (unknown.length > 0) throw new Error(`--bug: unknown ${unknown.join(', ')} (known: ${PLANTED_BUGS.map((b) => b.name).join(', ')})`);
  return {
    seeds: positive('--seeds', DEFAULT_SEEDS),
    bugs: names.length === 0 ? PLANTED_BUGS : PLANTED_BUGS.filter((b) => names.includes(b.name)),
    workers: positive('--workers', availableParallelism()),
    failoverOnly: args.includes('--failover-only'),
  };
}

export async function benchBugs(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const options = parseBugsArgs(args);
  process.stdout.write(`bugs (seeds 1..${options.seeds}; caught = the bug's checker finds a violation; ${options.workers} workers)\n`);
  const scenariosOf = (bug: PlantedBug) => (options.failoverOnly || bug.exposedBy === DEFAULT_SCENARIO ? [DEFAULT_SCENARIO] : [DEFAULT_SCENARIO, bug.exposedBy]);
  const cases = options.bugs.flatMap((bug) => scenariosOf(bug).flatMap((scenario) => Array.from({ length: options.seeds }, (_, i) => ({ bug: bug.name, scenario, seed: i + 1 }))));
  const start = performance.now();
  const results = await runCases(cases, options.workers);
  const table = options.bugs.map((bug) => ({ bug, byScenario: new Map(scenariosOf(bug).map((s) => [s, tally(results, bug.name, s)])) }));
  const show = (c: Catches | undefined) => (c === undefined ? '' : `${c.first === null ? '—' : `seed ${c.first}`}, ${c.caught}/${options.seeds}`);
  const rows = table.map(({ bug, byScenario }) => [bug.name, bug.caughtBy, show(byScenario.get(DEFAULT_SCENARIO)), bug.exposedBy, bug.exposedBy === DEFAULT_SCENARIO ? '(same)' : show(byScenario.get(bug.exposedBy)) || '(skipped)']);
  printTable(['bug', 'checker', `${DEFAULT_SCENARIO}: first, catches`, 'exposedBy', 'there: first, catches'], rows);
  const firsts = table.map(({ byScenario }) => byScenario.get(DEFAULT_SCENARIO)?.first ?? Infinity);
  const med = median(firsts);
  const missed = firsts.filter((f) => f === Infinity).length;
  process.stdout.write(`  median first catch in ${DEFAULT_SCENARIO}: ${Number.isFinite(med) ? med : `> ${options.seeds}`}; not caught within ${options.seeds} seeds: ${missed} of ${firsts.length}\n`);
  process.stdout.write(`  ${cases.length} runs in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
}

function tally(results: readonly BugCaseResult[], bug: string, scenario: string): Catches {
  const mine = results.filter((r) => r.bug === bug && r.scenario === scenario && r.caught).map((r) => r.seed);
  return { first: mine.length === 0 ? null : Math.min(...mine), caught: mine.length };
}

/** Every case on a pool of worker threads; each worker takes the next case when it answers. */
async function runCases(cases: readonly BugCase[], workers: number): Promise<BugCaseResult[]> {
  const queue = [...cases];
  const results: BugCaseResult[] = [];
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(WORKER);
      const next = () => {
        const c = queue.shift();
        if (c === undefined) void worker.terminate().then(() => resolve());
        else worker.postMessage(c);
      };
      worker.on('message', (r: BugCaseResult) => {
        results.push(r);
        if (results.length % 100 === 0) process.stderr.write(`… ${results.length}/${cases.length}\n`);
        next();
      });
      worker.on('error', reject);
      worker.on('online', next);
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, cases.length)) }, runWorker));
  return results;
}

// Run directly: `npx tsx bench/bugs.ts --seeds 50`.
if (import.meta.url === `file://${process.argv[1]}`) await benchBugs();
