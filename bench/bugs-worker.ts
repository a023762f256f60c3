/** Runs (bug, scenario, seed) cases sent by bench/bugs.ts and answers whether the bug's checker caught it. */
import { parentPort } from 'node:worker_threads';
import '../runner/scenarios/index.ts';
import { plantedBugScenario } from '../runner/scenarios/planted.ts';
import { runSeed } from '../runner/run-seed.ts';
import { PLANTED_BUGS } from '../system/bugs.ts';

export interface BugCase {
  bug: string;
  scenario: string;
  seed: number;
}

export interface BugCaseResult extends BugCase {
  caught: boolean;
}

parentPort?.on('message', (c: BugCase) => parentPort?.postMessage(runCase(c)));

function runCase(c: BugCase): BugCaseResult {
  const planted = PLANTED_BUGS.find((b) => b.name === c.bug);
  if (planted === undefined) throw new Error(`unknown bug ${c.bug}`);
  const scenario = plantedBugScenario(planted, { scenario: c.scenario });
  const { verdict } = runSeed(scenario, c.seed, { write: 'never' });
  return { ...c, caught: verdict.checkers[planted.caughtBy]?.valid === false };
}
