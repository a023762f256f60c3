/**
 * `faultline soak` (`npm run soak`): the long sweep that earns trust in a verdict — every scenario a sweep tests,
 * failover hardest, on seeds far from the range the model was tuned on (1–500), with the usual share re-run for
 * determinism. A benchmark, not a test: it takes hours at the defaults; scale it down with the options. Exit
 * as `sweep`: non-zero when any seed is a violation, unknown or non-deterministic, each listed with its repro.
 */
import { join } from 'node:path';
import { MAX_SEED } from '../../harness/random.ts';
import type { CommandRegistrar } from '../cli.ts';
import { UsageError } from '../errors.ts';
import { parsePositiveInt, parseSeed, parseShare } from '../options.ts';
import { DEFAULT_DETERMINISM_SHARE } from '../sweep.ts';
import { runSweepPlan, seedRange, sweepableScenarios } from './sweep.ts';

export const SOAK_DEFAULTS = { from: 1_000_000, seedsPerScenario: 2_000, failoverSeeds: 20_000 } as const;

interface SoakOptions {
  from: string;
  seedsPerScenario: string;
  failoverSeeds: string;
  workers?: string;
  out: string;
  determinismShare: string;
  json?: boolean;
}

export const registerSoak: CommandRegistrar = (program, io, setExit) => {
  program
    .command('soak')
    .description('sweep every scenario (failover hardest) on fresh seeds and list every failing seed with its repro')
    .option('--from <seed>', 'first seed of every scenario', String(SOAK_DEFAULTS.from))
    .option('--seeds-per-scenario <n>', 'seeds of each scenario but failover', String(SOAK_DEFAULTS.seedsPerScenario))
    .option('--failover-seeds <n>', 'seeds of failover', String(SOAK_DEFAULTS.failoverSeeds))
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--out <dir>', 'where failing seeds write their files, a folder per scenario', join('store', 'soak'))
    .option('--determinism-share <share>', 'share of seeds run twice and compared byte for byte, 0 to 1', String(DEFAULT_DETERMINISM_SHARE))
    .option('--json', 'one JSON line per seed, a summary line per scenario, then the total')
    .action(async (options: SoakOptions) => {
      const from = parseSeed(options.from, '--from');
      const perScenario = parsePositiveInt('--seeds-per-scenario', options.seedsPerScenario, 1_000_000);
      const failover = parsePositiveInt('--failover-seeds', options.failoverSeeds, 1_000_000);
      if (from + Math.max(perScenario, failover) - 1 > MAX_SEED) throw new UsageError(`--from + the seed counts go past the largest seed ${MAX_SEED}`);
      const runs = sweepableScenarios().map((scenario) => ({ scenario, seeds: seedRange(from, scenario.name === 'failover' ? failover : perScenario) }));
      setExit(
        await runSweepPlan(
          {
            runs,
            outDir: (name) => join(options.out, name),
            ...(options.workers === undefined ? {} : { workers: parsePositiveInt('--workers', options.workers, 64) }),
            determinismShare: parseShare('--determinism-share', options.determinismShare),
            json: options.json === true,
          },
          io,
        ),
      );
    });
};
