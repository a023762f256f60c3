/**
 * `npm run bench -- speed [--base REV] [--seeds N] [--digests N] [--sweep-seeds N]`: this working tree against a
 * baseline revision (default main), side by side in one run so both see the same machine load. Both are compiled
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
import { buildRevision, buildWorkingTree, type Build } from './builds.ts';
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
  return { build, lib, sweep, wallMs: 0, seeds: 0, events: 0, valid: 0 };
}

function runBlock(side: Side, seeds: readonly number[]): void {
  const scenario = side.lib.scenario('failover');
  for (const seed of seeds) {
    const start = performance.now();
    const outcome = side.lib.runSeed(scenario, seed, { write: 'never' });
    side.wallMs += performance.now() - start;
    side.seeds++;
    side.events += outcome.run.stats.events as number;
    if (outcome.verdict.valid === true) side.valid++;
  }
}

export async function benchSpeed(args: readonly string[]): Promise<void> {
  const baseRev = option(args, '--base', 'main');
  const seeds = Number(option(args, '--seeds', '120'));
  const digests = Number(option(args, '--digests', '100'));
  const sweepSeeds = Number(option(args, '--sweep-seeds', '300'));
  const rounds = 6;
  const base = await load(buildRevision(baseRev));
  const head = await load(buildWorkingTree());
  process.stdout.write(`speed: failover, ${base.build.label} (base) vs ${head.build.label} (head); ${seeds} seeds each, simulated + checked, in ${rounds} alternating blocks, one core\n`);
  // Warm both up (JIT) before measuring.
  runBlock(base, [9001, 9002]);
  runBlock(head, [9001, 9002]);
  for (const side of [base, head]) Object.assign(side, { wallMs: 0, seeds: 0, events: 0, valid: 0 });
  const perRound = Math.ceil(seeds / rounds);
  for (let r = 0; r < rounds; r++) {
    const block = Array.from({ length: Math.min(perRound, seeds - r * perRound) }, (_, i) => 1 + r * perRound + i);
    const order = r % 2 === 0 ? [base, head] : [head, base];
    for (const side of order) runBlock(side, block);
  }
  const row = (name: string, s: Side) => [
    name,
    s.build.label,
    ((s.seeds / s.wallMs) * 60_000).toFixed(0),
    (s.wallMs / s.seeds).toFixed(1),
    (s.wallMs / (s.events / 1000)).toFixed(2),
    String(Math.round(s.events / s.seeds)),
    `${s.valid}/${s.seeds}`,
  ];
  printTable(['side', 'build', 'seeds/min (1 core)', 'ms/seed', 'ms per 1k events', 'events/seed', 'valid'], [row('base', base), row('head', head)]);
  figure('speed-up, head over base (same core, same minutes)', `${(base.wallMs / base.seeds / (head.wallMs / head.seeds)).toFixed(2)}×`);

  if (sweepSeeds > 0) {
    process.stdout.write(`sweep of failover, ${sweepSeeds} seeds, 2 workers, checking included (base, head, base, head):\n`);
    const rows: string[][] = [];
    const rates: Record<string, number[]> = { base: [], head: [] };
    for (const [name, side] of [['base', base], ['head', head], ['base', base], ['head', head]] as const) {
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
