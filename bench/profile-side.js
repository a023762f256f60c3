// One build's side of `npm run bench -- profile`: a child process of plain Node with V8's GC on its own thread, as a
// sweep worker runs (bin/faultline.js), holding one compiled build. It runs `failover` seeds 1…N one after another,
// simulated and checked, times them in windows, samples the CPU profile of the last window, and prints one JSON
// line: per window the main thread's wall time and the process's CPU time, and the profile's samples by bucket.
import inspector from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Samples V8 takes outside any JavaScript frame. */
const V8_OWN = { '(garbage collector)': 'V8: garbage collector', '(program)': 'V8: native code outside any JavaScript frame' };

const [dir, seedsArg, ...windowStarts] = process.argv.slice(2);
const lib = await import(pathToFileURL(join(dir, 'dist', 'runner', 'library.js')).href);
const scenario = lib.scenario('failover');
const lastSeed = Number(seedsArg);
const starts = windowStarts.map(Number);

const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

const windows = [];
let events = 0;
let operations = 0;
for (let w = 0; w < starts.length; w++) {
  const from = starts[w];
  const to = w + 1 < starts.length ? starts[w + 1] - 1 : lastSeed;
  const profiled = w === starts.length - 1;
  if (profiled) {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 250 });
    await post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let seed = from; seed <= to; seed++) {
    const { run } = lib.runSeed(scenario, seed, { write: 'never' });
    if (profiled) {
      events += run.stats.events;
      operations += run.stats.operations;
    }
  }
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  windows.push({ from, to, wallMs, cpuMs: (used.user + used.system) / 1000 });
}
const { profile } = await post('Profiler.stop');
process.stdout.write(JSON.stringify({ windows, events, operations, profile: summarise(profile, dir) }) + '\n');

/**
 * Samples by where the CPU was: each sample goes to the nearest frame on its stack that is the project's own code
 * (a builtin such as Map.get counts for the function that called it), bucketed by that frame's folder
 * (harness, system/<part>, workloads, checkers, runner) and named by its function. V8's GC and its runtime outside
 * JavaScript are buckets of their own.
 */
function summarise(profile, root) {
  const dist = pathToFileURL(join(root, 'dist')).href + '/';
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const buckets = {};
  const functions = {};
  let total = 0;
  for (const id of profile.samples) {
    let node = byId.get(id);
    const leaf = node.callFrame.functionName;
    if (leaf === '(idle)' || leaf === '(root)') continue;
    total++;
    if (leaf in V8_OWN) {
      buckets[V8_OWN[leaf]] = (buckets[V8_OWN[leaf]] ?? 0) + 1;
      continue;
    }
    while (node !== undefined && !node.callFrame.url.startsWith(dist)) node = parent.get(node.id);
    const file = node === undefined ? null : node.callFrame.url.slice(dist.length).replace(/\.js$/, '');
    const bucket = file === null ? 'other (Node, dependencies)' : bucketOf(file);
    buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    if (file !== null) {
      const name = `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
      functions[name] = (functions[name] ?? 0) + 1;
    }
  }
  return { total, buckets, functions };
}

function bucketOf(file) {
  const parts = file.split('/');
  return parts[0] === 'system' && parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
}
