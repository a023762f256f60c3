/**
 * The digest list behind test/harness/digests.test.ts: SHA-256 of history + trace (SimulatedRun.digest) for seeds
 * 1–500 of `failover` and 1–100 of `failover --assignment zk`. A speed-only change must leave every one of them
 * byte-identical; the fixture holds them as computed by a named commit's build.
 *
 * `npm run bench -- digests --record [--rev REV]` compiles REV (default HEAD; bench/builds.ts), computes its list
 * and writes test/fixtures/digests/failover-<commit>.json in place of the previous one. Do this only in a commit
 * that changes behaviour on purpose (and says so): then the new list is that commit's.
 */
import { readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildRevision, ROOT } from './builds.ts';
import { flagValue } from './measure.ts';

export const FIXTURE_DIR = join(ROOT, 'test', 'fixtures', 'digests');

/** Which runs the list covers: scenario `failover` in each assignment era, seeds 1..count. */
export const DIGEST_RUNS = [
  { era: 'procedure', count: 500 },
  { era: 'zk', count: 100 },
] as const;

export interface DigestFixture {
  /** The commit whose build computed the list. */
  commit: string;
  regenerate: string;
  digests: Record<string, string[]>;
}

interface ScenarioLike {
  spec: { cluster: Record<string, unknown> };
}
export interface DigestLibrary {
  runSeed(scenario: unknown, seed: number, options: { write: 'never' }): { run: { digest: string } };
  scenario(name: string): ScenarioLike;
}

export function scenarioInEra(lib: DigestLibrary, era: string): ScenarioLike {
  const base = lib.scenario('failover');
  if (era === 'procedure') return base;
  return { ...base, spec: { ...base.spec, cluster: { ...base.spec.cluster, assignment: era } } };
}

export function computeDigests(lib: DigestLibrary, era: string, count: number): string[] {
  const scenario = scenarioInEra(lib, era);
  return Array.from({ length: count }, (_, i) => lib.runSeed(scenario, i + 1, { write: 'never' }).run.digest);
}

export async function recordDigests(args: readonly string[]): Promise<void> {
  if (!args.includes('--record')) throw new Error('usage: npm run bench -- digests --record [--rev REV]');
  const build = buildRevision(flagValue(args, '--rev') ?? 'HEAD');
  const lib = (await import(pathToFileURL(join(build.dir, 'dist', 'runner', 'library.js')).href)) as DigestLibrary;
  const digests: Record<string, string[]> = {};
  for (const { era, count } of DIGEST_RUNS) {
    process.stdout.write(`digests of failover (${era}), seeds 1–${count}, by ${build.label}…\n`);
    digests[era] = computeDigests(lib, era, count);
  }
  mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const old of readdirSync(FIXTURE_DIR)) rmSync(join(FIXTURE_DIR, old));
  const fixture: DigestFixture = { commit: build.label, regenerate: 'npm run bench -- digests --record --rev <commit>', digests };
  const path = join(FIXTURE_DIR, `failover-${build.label}.json`);
  writeFileSync(path, JSON.stringify(fixture, null, 1) + '\n');
  process.stdout.write(`wrote ${path}\n`);
}
