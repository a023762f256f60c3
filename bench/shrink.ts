/**
 * `npm run bench -- shrink`: for every planted bug, its first failing seed in its exposedBy scenario (seeds
 * 1..20) and that run's schedule shrunk as `faultline shrink` does: entries before → after, candidate runs,
 * why the search stopped, and the time it took. Runs only when named (minutes of work).
 *
 *   npm run bench -- shrink [--budget-runs N] [--bug NAME[,NAME…]]
 */
import { performance } from 'node:perf_hooks';
import '../runner/scenarios/index.ts';
import { describeSize, DEFAULT_MAX_RUNS } from '../runner/shrink/shrink-run.ts';
import { shrinkPlanted } from '../runner/shrink/planted.ts';
import { PLANTED_BUGS } from '../system/bugs.ts';
import { flagValue, printTable } from './measure.ts';

export async function benchShrink(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const maxRuns = Number(flagValue(args, '--budget-runs') ?? DEFAULT_MAX_RUNS);
  if (!Number.isSafeInteger(maxRuns) || maxRuns < 1) throw new Error(`--budget-runs: expected a positive integer, got ${flagValue(args, '--budget-runs')}`);
  const names = flagValue(args, '--bug')?.split(',');
  const bugs = names === undefined ? PLANTED_BUGS : PLANTED_BUGS.filter((b) => names.includes(b.name));
  process.stdout.write(`shrink (each planted bug's first failing seed of 1..20 in its exposedBy scenario; budget ${maxRuns} runs, no time bound)\n`);
  const rows: string[][] = [];
  const start = performance.now();
  for (const bug of bugs) {
    const shrunk = shrinkPlanted(bug, { maxRuns, maxMs: Number.MAX_SAFE_INTEGER });
    if (shrunk === null) {
      rows.push([bug.name, bug.exposedBy, '—', bug.caughtBy, 'not caught in seeds 1..20', '', '', '', '']);
    } else if (!shrunk.result.fails) {
      rows.push([bug.name, bug.exposedBy, String(shrunk.failure.seed), bug.caughtBy, 'its replay does not fail', '', '', '', '']);
    } else {
      const r = shrunk.result;
      rows.push([bug.name, bug.exposedBy, String(shrunk.failure.seed), Object.keys(r.signature).join('+'), describeSize(r.original), describeSize(r.schedule), String(r.runs), r.stoppedBy, `${(shrunk.ms / 1000).toFixed(1)} s`]);
    }
    process.stderr.write(`… ${bug.name}\n`);
  }
  printTable(['bug', 'scenario', 'seed', 'fails in', 'before', 'after', 'runs', 'stopped at', 'time'], rows);
  process.stdout.write(`  ${bugs.length} bugs in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
}

// Run directly: `npx tsx bench/shrink.ts --budget-runs 50`.
if (import.meta.url === `file://${process.argv[1]}`) await benchShrink();
