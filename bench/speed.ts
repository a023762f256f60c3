/**
 * `npm run bench -- speed [--base REV] [--seeds N] [--digests N] [--sweep-seeds N]`: this working tree against a
 * baseline revision (default: where this branch left main, `git merge-base HEAD main`, so that a speed-only branch
 * must give the same digests), side by side in one run so both see the same machine load. Both are compiled
 * (bench/builds.ts), and each runs in its own child process of plain Node (bench/speed-side.js): two builds imported
 * into one process under tsx measured identical code at 0.69–0.82× (an A/A run). Blocks of `failover` seeds
 * alternate between the two processes, each seed simulated and checked as `run` does it. Prints seeds per minute on
 * one core, wall ms per 1,000 simulated events, and the ratio of the two (the machine-independent figure: both
 * sides ran on the same machine in the same minutes); then a two-worker sweep by each build's own CLI (`faultline sweep`, timed to its exit); then whether both give
 * byte-identical runs (digests of history + trace) for the same seeds. `--base HEAD` is the A/A check of the bench.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildRevision, buildWorkingTree, mergeBase, type Build } from './builds.ts';
import { cliSweep } from './cli-sweep.ts';
import { figure, flagValue, printTable } from './measure.ts';

interface Totals {
  wallMs: number;
  /** CPU time of the side's process while it ran the seeds (its thread and V8's GC helpers). */
  cpuMs: number;
  seeds: number;
  events: number;
  valid: number;
}

type Reply = { kind: 'ready' } | { kind: 'seeds'; totals: Totals } | { kind: 'digests'; digests: string[] };

interface Side extends Totals {
  build: Build;
  process: ChildProcess;
}

/** The side's next message (requests are answered one at a time, in order). */
function nextReply(child: ChildProcess): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench side exited (${code}) before answering`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as Reply);
    });
  });
}

async function ask<K extends Reply['kind']>(side: Side, request: { kind: K } & Record<string, unknown>): Promise<Extract<Reply, { kind: K }>> {
  const reply = nextReply(side.process);
  side.process.send(request);
  return (await reply) as Extract<Reply, { kind: K }>;
}

async function start(build: Build): Promise<Side> {
  const script = fileURLToPath(new URL('./speed-side.js', import.meta.url));
  // execArgv [] : plain Node, without the tsx loader this bench itself runs under.
  const child = fork(script, [build.dir], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await nextReply(child);
  return { build, process: child, wallMs: 0, cpuMs: 0, seeds: 0, events: 0, valid: 0 };
}

async function runBlock(side: Side, seeds: readonly number[]): Promise<void> {
  const { totals } = await ask(side, { kind: 'seeds', seeds: [...seeds] });
  for (const key of ['wallMs', 'cpuMs', 'seeds', 'events', 'valid'] as const) side[key] += totals[key];
}

export async function benchSpeed(args: readonly string[]): Promise<void> {
  const baseRev = flagValue(args, '--base') ?? mergeBase('HEAD', 'main');
  const seeds = Number(flagValue(args, '--seeds') ?? '120');
  const digests = Number(flagValue(args, '--digests') ?? '100');
  const sweepSeeds = Number(flagValue(args, '--sweep-seeds') ?? '300');
  /** Seeds per block: short blocks in the order ABBA BAAB … so that a change in the machine's load hits both sides alike. */
  const block = 3;
  const base = await start(buildRevision(baseRev));
  const head = await start(buildWorkingTree());
  process.stdout.write(`speed: failover, ${base.build.label} (base) vs ${head.build.label} (head); ${seeds} seeds each, simulated + checked, alternating blocks of ${block} seeds, one core\n`);
  // Warm both up (JIT) before measuring.
  await runBlock(base, [9001, 9002]);
  await runBlock(head, [9001, 9002]);
  for (const side of [base, head]) Object.assign(side, { wallMs: 0, cpuMs: 0, seeds: 0, events: 0, valid: 0 });
  for (let first = 1, r = 0; first <= seeds; first += block, r++) {
    const list = Array.from({ length: Math.min(block, seeds - first + 1) }, (_, i) => first + i);
    const order = [0, 3].includes(r % 4) ? [base, head] : [head, base];
    for (const side of order) await runBlock(side, list);
  }
  const row = (name: string, s: Side) => [
    name,
    s.build.label,
    ((s.seeds / s.wallMs) * 60_000).toFixed(0),
    (s.wallMs / s.seeds).toFixed(1),
    (s.cpuMs / s.seeds).toFixed(1),
    (s.wallMs / (s.events / 1000)).toFixed(2),
    String(Math.round(s.events / s.seeds)),
    `${s.valid}/${s.seeds}`,
  ];
  printTable(['side', 'build', 'seeds/min (1 core)', 'wall ms/seed', 'CPU ms/seed', 'wall ms per 1k events', 'events/seed', 'valid'], [row('base', base), row('head', head)]);
  figure('speed-up, head over base: wall (same machine, same minutes)', `${(base.wallMs / head.wallMs).toFixed(2)}×`);
  figure('speed-up, head over base: CPU time', `${(base.cpuMs / head.cpuMs).toFixed(2)}×`);

  if (sweepSeeds > 0) {
    process.stdout.write(`sweep of failover, ${sweepSeeds} seeds, 2 workers, checking included, each build's own CLI as a user runs it (base, head, head, base):\n`);
    const rows: string[][] = [];
    const rates: Record<string, number[]> = { base: [], head: [] };
    for (const [name, side] of [['base', base], ['head', head], ['head', head], ['base', base]] as const) {
      const result = cliSweep(side.build.dir, sweepSeeds);
      const perMinute = (sweepSeeds / result.wallMs) * 60_000;
      rates[name]?.push(perMinute);
      rows.push([name, side.build.label, perMinute.toFixed(0), (result.wallMs / 1000).toFixed(1), `${result.valid}/${sweepSeeds}`]);
    }
    printTable(['side', 'build', 'seeds/min (2 workers)', 'wall s', 'valid'], rows);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    figure('sweep speed-up, head over base', `${(mean(rates.head ?? []) / mean(rates.base ?? [])).toFixed(2)}×`);
  }

  if (digests > 0) {
    let identical = 0;
    const differing: number[] = [];
    const digestSeeds = Array.from({ length: digests }, (_, i) => 1 + i);
    const [a, b] = [(await ask(base, { kind: 'digests', seeds: digestSeeds })).digests, (await ask(head, { kind: 'digests', seeds: digestSeeds })).digests];
    digestSeeds.forEach((seed, i) => (a[i] === b[i] ? identical++ : differing.push(seed)));
    figure(`byte-identical runs (history + trace digests), seeds 1–${digests}`, `${identical} / ${digests}${differing.length ? ` — differ: ${differing.slice(0, 10).join(', ')}` : ''}`);
  }
  for (const side of [base, head]) side.process.send({ kind: 'exit' });
}
