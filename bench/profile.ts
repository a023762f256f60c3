/**
 * `npm run bench -- profile [--seeds N] [--base REV]`: where a `failover` seed's time goes, for the working tree and
 * optionally a baseline revision, each compiled and run in a child process of its own (bench/profile-side.js) as a
 * sweep worker runs its seeds: one after another in one process, simulated and checked, V8's GC single-threaded.
 * Prints, per window of seeds (JIT warm-up first), the main thread's wall time and the CPU of the other threads
 * (V8's background compiler: in a sweep that fills every core it competes with the workers); then the last
 * window's sampled profile by folder and its heaviest functions, in ms per seed. The builds run one after the other,
 * so their times carry whatever the machine's load did in between; compare their shares here, and their speed with
 * `bench -- speed`, which interleaves them.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildRevision, buildWorkingTree, type Build } from './builds.ts';
import { flagValue, printTable } from './measure.ts';

interface SeedWindow {
  from: number;
  to: number;
  wallMs: number;
  cpuMs: number;
}

/** What bench/profile-side.js prints. */
interface SideProfile {
  windows: SeedWindow[];
  events: number;
  operations: number;
  profile: { total: number; buckets: Record<string, number>; functions: Record<string, number> };
}

interface Profiled {
  build: Build;
  result: SideProfile;
}

const TOP_FUNCTIONS = 15;

/** Windows: the first ten seeds (most of the JIT's work), the next ones up to a third, and the rest (profiled). */
function windowStarts(seeds: number): number[] {
  return [1, 11, Math.max(21, Math.round(seeds / 3) + 1)];
}

function profileBuild(build: Build, seeds: number): Profiled {
  const script = fileURLToPath(new URL('./profile-side.js', import.meta.url));
  const out = execFileSync(process.execPath, ['--single-threaded-gc', script, build.dir, String(seeds), ...windowStarts(seeds).map(String)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { build, result: JSON.parse(out.trim().split('\n').pop() as string) as SideProfile };
}

function seedsIn(w: SeedWindow): number {
  return w.to - w.from + 1;
}

function profiledWindow(p: Profiled): SeedWindow {
  return p.result.windows[p.result.windows.length - 1] as SeedWindow;
}

/** A sample count of the profiled window as ms per seed of that window. */
function msPerSeed(p: Profiled, samples: number): number {
  const w = profiledWindow(p);
  return (samples / p.result.profile.total) * (w.wallMs / seedsIn(w));
}

function printWindows(sides: readonly Profiled[]): void {
  const rows = sides.flatMap(({ build, result }) =>
    result.windows.map((w) => {
      const n = seedsIn(w);
      return [build.label, `${w.from}–${w.to}`, (w.wallMs / n).toFixed(1), ((w.cpuMs - w.wallMs) / n).toFixed(1), (w.cpuMs / n).toFixed(1)];
    }),
  );
  printTable(['build', 'seeds', 'main thread ms/seed', 'other threads CPU ms/seed', 'process CPU ms/seed'], rows);
}

function printBuckets(sides: readonly Profiled[]): void {
  const names = [...new Set(sides.flatMap((s) => Object.keys(s.result.profile.buckets).filter((name) => (s.result.profile.buckets[name] ?? 0) > 0)))];
  const last = sides[sides.length - 1] as Profiled;
  names.sort((a, b) => (last.result.profile.buckets[b] ?? 0) - (last.result.profile.buckets[a] ?? 0));
  const cell = (s: Profiled, name: string) => {
    const samples = s.result.profile.buckets[name] ?? 0;
    return `${msPerSeed(s, samples).toFixed(1)} (${((100 * samples) / s.result.profile.total).toFixed(0)}%)`;
  };
  printTable(['where (self time)', ...sides.map((s) => s.build.label)], names.map((name) => [name, ...sides.map((s) => cell(s, name))]));
}

function printFunctions(p: Profiled): void {
  const top = Object.entries(p.result.profile.functions)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_FUNCTIONS);
  printTable(['function (self time)', 'ms/seed', 'share'], top.map(([name, samples]) => [name, msPerSeed(p, samples).toFixed(2), `${((100 * samples) / p.result.profile.total).toFixed(1)}%`]));
}

export function benchProfile(args: readonly string[]): void {
  const seeds = Number(flagValue(args, '--seeds') ?? '150');
  if (!Number.isInteger(seeds) || seeds < 30) throw new RangeError(`--seeds must be an integer of at least 30, got ${flagValue(args, '--seeds')}`);
  const baseRev = flagValue(args, '--base');
  const sides = [...(baseRev === undefined ? [] : [profileBuild(buildRevision(baseRev), seeds)]), profileBuild(buildWorkingTree(), seeds)];
  process.stdout.write(`profile: failover seeds 1–${seeds}, simulated and checked one after another in one process per build, V8's GC single-threaded (as a sweep worker runs them):\n`);
  printWindows(sides);
  const head = sides[sides.length - 1] as Profiled;
  const w = profiledWindow(head);
  const n = seedsIn(w);
  process.stdout.write(`seeds ${w.from}–${w.to} (${(head.result.events / n).toFixed(0)} events and ${(head.result.operations / n).toFixed(0)} client operations per seed, head), the main thread by V8's sampling profiler, ms per seed:\n`);
  printBuckets(sides);
  printFunctions(head);
}
