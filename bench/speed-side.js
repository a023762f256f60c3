// One side of `npm run bench -- speed`: a child process of plain Node (no tsx, no loader hooks) holding one compiled
// build. Two builds imported into one process under tsx measured identical code at 0.69–0.82× (an A/A run), so each
// side runs alone in its own process, and the parent only hands out blocks of seeds and adds up what comes back.
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2];
const url = (path) => pathToFileURL(join(dir, 'dist', 'runner', path)).href;
const lib = await import(url('library.js'));
const scenario = lib.scenario('failover');

function runSeeds(seeds) {
  const totals = { wallMs: 0, cpuMs: 0, seeds: 0, events: 0, valid: 0 };
  for (const seed of seeds) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const outcome = lib.runSeed(scenario, seed, { write: 'never' });
    totals.wallMs += performance.now() - start;
    const used = process.cpuUsage(cpu);
    totals.cpuMs += (used.user + used.system) / 1000;
    totals.seeds++;
    totals.events += outcome.run.stats.events;
    if (outcome.verdict.valid === true) totals.valid++;
  }
  return totals;
}

const digests = (seeds) => seeds.map((seed) => lib.runSeed(scenario, seed, { write: 'never' }).run.digest);

process.on('message', (request) => {
  if (request.kind === 'seeds') process.send({ kind: 'seeds', totals: runSeeds(request.seeds) });
  else if (request.kind === 'digests') process.send({ kind: 'digests', digests: digests(request.seeds) });
  else if (request.kind === 'exit') process.disconnect();
});
process.send({ kind: 'ready' });
