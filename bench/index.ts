/**
 * `npm run bench`: every benchmark of the project, printing figures (never asserting them).
 * Run one part with `npm run bench -- runtime` (names below).
 */
import { benchRuntime } from './runtime.ts';
import { benchCluster } from './cluster.ts';
import { benchReport } from './report.ts';
import { benchChecker } from './checker.ts';

const benches: Record<string, () => void | Promise<void>> = {
  runtime: benchRuntime,
  cluster: benchCluster,
  checker: benchChecker,
  report: benchReport,
};

const wanted = process.argv.slice(2);
process.stdout.write(`faultline bench — node ${process.version}, command: npm run bench${wanted.length ? ' -- ' + wanted.join(' ') : ''}\n`);
for (const [name, bench] of Object.entries(benches)) {
  if (wanted.length === 0 || wanted.includes(name)) await bench();
}
