/**
 * `npm run bench -- speed [--base REV] [--seeds N] [--digests N] [--sweep-seeds N]`: this working tree against a
 * baseline revision (default: where this branch left main, `git merge-base HEAD main`, so that a speed-only branch
 * must give the same digests), side by side in one run so both see the same machine load. Both are compiled
 * (bench/builds.ts) and imported into this process; blocks of `failover` seeds alternate between them, each seed
 * simulated and checked as `run` does it. Prints seeds per minute on one core, wall ms per 1,000 simulated events,
 * and the ratio of the two (the machine-independent figure: both sides ran on the same core in the same minutes);
 * then a two-worker sweep of each; then whether both give byte-identical runs (digests of history + trace) for the
 * same seeds.
 */
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildRevision, buildWorkingTree, mergeBase, type Build } from './builds.ts';
import { figure, printTable } from './measure.ts';

interface SeedOutcomeLike {
  run: { stats: Record<string, unknown>; digest: string };
  verdict: { valid: unknown };
}
interface Library {
  runSeed(scenario: unknown, seed: number, options: { write: 'never' }): SeedOutcomeLike;
  scenario(name: string): { spec: unknown };
}
interface SweepModule {
  sweep(request: { scenarioName: string; spec: unknown; seeds: number[]; outRoot: string }, onVerdict: () => void, workers?: number): Promise<{ wallMs: number; verdicts: { valid: unknown }[]; utilisation?: unknown }>;
}

interface Side {
  build: Build;
  lib: Library;
  sweep: SweepModule;
  wallMs: number;
  /** CPU time of this process while the side ran (its thread and V8's GC helpers): less swayed by other load. */
  cpuMs: number;
  seeds: number;
  events: number;
  valid: number;
}

function option(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
}

async function load(build: Build): Promise<Side> {
  const url = (path: string) => pathToFileURL(join(build.dir, 'dist', 'runner', path)).href;
  const lib = (await import(url('library.js'))) as Library;
  const sweep = (await import(url('sweep.js'))) as SweepModule;
  return { build, lib, sweep, wallMs: 0, cpuMs: 0, seeds: 0, events: 0, valid: 0 };
}

function runBlock(side: Side, seeds: readonly number[]): void {
  const scenario = side.lib.scenario('failover');
  for (const seed of seeds) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const outcome = side.lib.runSeed(scenario, seed, { write: 'never' });
    side.wallMs += performance.now() - start;
    const used = process.cpuUsage(cpu);
    side.cpuMs += (used.user + used.system) / 1000;
    side.seeds++;
    side.events += outcome.run.stats.events as number;
    if (outcome.verdict.valid === true) side.valid++;
  }
}

export async function benchSpeed(args: readonly string[]): Promise<void> {
  const baseRev = option(args, '--base', mergeBase('HEAD', 'main'));
  const seeds = Number(option(args, '--seeds', '120'));
  const digests = Number(option(args, '--digests', '100'));
  const sweepSeeds = Number(option(args, '--sweep-seeds', '300'));
  /** Seeds per block: short blocks in the order ABBA BAAB … so that a change in the machine's load hits both sides alike. */
  const block = 3;
  const base = await load(buildRevision(baseRev));
  const head = await load(buildWorkingTree());
  process.stdout.write(`speed: failover, ${base.build.label} (base) vs ${head.build.label} (head); ${seeds} seeds each, simulated + checked, alternating blocks of ${block} seeds, one core\n`);
  // Warm both up (JIT) before measuring.
  runBlock(base, [9001, 9002]);
  runBlock(head, [9001, 9002]);
  for (const side of [base, head]) Object.assign(side, { wallMs: 0, cpuMs: 0, seeds: 0, events: 0, valid: 0 });
  for (let first = 1, r = 0; first <= seeds; first += block, r++) {
    const list = Array.from({ length: Math.min(block, seeds - first + 1) }, (_, i) => first + i);
    const order = [0, 3].includes(r % 4) ? [base, head] : [head, base];
    for (const side of order) runBlock(side, list);
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
  figure('speed-up, head over base: wall (same core, same minutes)', `${(base.wallMs / head.wallMs).toFixed(2)}×`);
  figure('speed-up, head over base: CPU time', `${(base.cpuMs / head.cpuMs).toFixed(2)}×`);

  if (sweepSeeds > 0) {
    process.stdout.write(`sweep of failover, ${sweepSeeds} seeds, 2 workers, checking included (base, head, head, base):\n`);
    const rows: string[][] = [];
    const rates: Record<string, number[]> = { base: [], head: [] };
    for (const [name, side] of [['base', base], ['head', head], ['head', head], ['base', base]] as const) {
      const out = mkdtempSync(join(tmpdir(), 'faultline-speed-'));
      const list = Array.from({ length: sweepSeeds }, (_, i) => 1 + i);
      const summary = await side.sweep.sweep({ scenarioName: 'failover', spec: side.lib.scenario('failover').spec, seeds: list, outRoot: out }, () => {}, 2);
      rmSync(out, { recursive: true, force: true });
      const perMinute = (sweepSeeds / summary.wallMs) * 60_000;
      rates[name]?.push(perMinute);
      rows.push([name, side.build.label, perMinute.toFixed(0), (summary.wallMs / 1000).toFixed(1), `${summary.verdicts.filter((v) => v.valid === true).length}/${sweepSeeds}`]);
    }
    printTable(['side', 'build', 'seeds/min (2 workers)', 'wall s', 'valid'], rows);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    figure('sweep speed-up, head over base', `${(mean(rates.head ?? []) / mean(rates.base ?? [])).toFixed(2)}×`);
  }

  if (digests > 0) {
    let identical = 0;
    const differing: number[] = [];
    for (let seed = 1; seed <= digests; seed++) {
      const a = base.lib.runSeed(base.lib.scenario('failover'), seed, { write: 'never' }).run.digest;
      const b = head.lib.runSeed(head.lib.scenario('failover'), seed, { write: 'never' }).run.digest;
      if (a === b) identical++;
      else differing.push(seed);
    }
    figure(`byte-identical runs (history + trace digests), seeds 1–${digests}`, `${identical} / ${digests}${differing.length ? ` — differ: ${differing.slice(0, 10).join(', ')}` : ''}`);
  }
}
