/**
 * `npm run bench`: every benchmark of the project, printing figures (never asserting them).
 * Run one part with `npm run bench -- runtime` (names below). `bugs` (planted bugs' first catches over 200
 * seeds, minutes of work) and `shrink` (each planted bug's failing run shrunk) run only when named:
 * `npm run bench -- bugs [--seeds N] [--bug NAME]`, `npm run bench -- shrink [--budget-runs N]`, and `speed` (this
 * working tree against a baseline revision, bench/speed.ts): `npm run bench -- speed [--base REV] [--seeds N]`, and
 * `profile` (where a seed's time goes, bench/profile.ts): `npm run bench -- profile [--seeds N] [--base REV]`.
 */
import { benchRuntime } from './runtime.ts';
import { benchCluster } from './cluster.ts';
import { benchReport } from './report.ts';
import { benchChecker } from './checker.ts';
import { benchBugs } from './bugs.ts';
import { benchShrink } from './shrink.ts';
import { benchSpeed } from './speed.ts';
import { benchProfile } from './profile.ts';
import { recordDigests } from './digests.ts';

const benches: Record<string, () => void | Promise<void>> = {
  runtime: benchRuntime,
  cluster: benchCluster,
  checker: benchChecker,
  report: benchReport,
  bugs: () => benchBugs(process.argv.slice(2)),
  shrink: () => benchShrink(process.argv.slice(2)),
  speed: () => benchSpeed(process.argv.slice(2)),
  profile: () => benchProfile(process.argv.slice(2)),
  digests: () => recordDigests(process.argv.slice(2)),
};
/** Benches too slow for a plain `npm run bench`. */
const ONLY_WHEN_NAMED = new Set(['bugs', 'shrink', 'speed', 'profile', 'digests']);

const wanted = process.argv.slice(2);
process.stdout.write(`faultline bench — node ${process.version}, command: npm run bench${wanted.length ? ' -- ' + wanted.join(' ') : ''}\n`);
for (const [name, bench] of Object.entries(benches)) {
  if (wanted.includes(name) || (wanted.length === 0 && !ONLY_WHEN_NAMED.has(name))) await bench();
}
