/**
 * Determinism is the product: the same scenario and seed must give a byte-identical history and trace. These
 * compare two runs of one seed (`run --check-determinism`, and the share of seeds a sweep runs twice) and, when
 * they diverge, name the first event that differs — where to start looking.
 */
import type { ScenarioEntry } from './scenarios/registry.ts';
import { simulate, type SimulatedRun } from './simulate.ts';

/** The first line where two JSONL texts differ, 1-based, with both versions (missing when one text ended). */
export interface LineDifference {
  line: number;
  first: string | undefined;
  second: string | undefined;
}

export type DeterminismCheck =
  | { identical: true; digest: string }
  | { identical: false; digests: [string, string]; file: 'history.jsonl' | 'trace.jsonl'; difference: LineDifference };

export function firstDifference(first: string, second: string): LineDifference | null {
  if (first === second) return null;
  const a = first.split('\n');
  const b = second.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, first: a[i], second: b[i] };
  }
  return null;
}

/** Compares a run with a second simulation of the same seed; the digests decide, the lines explain. */
export function compareRuns(first: SimulatedRun, second: SimulatedRun): DeterminismCheck {
  if (first.digest === second.digest) return { identical: true, digest: first.digest };
  const digests: [string, string] = [first.digest, second.digest];
  const history = firstDifference(first.historyJsonl, second.historyJsonl);
  if (history !== null) return { identical: false, digests, file: 'history.jsonl', difference: history };
  const trace = firstDifference(first.traceJsonl, second.traceJsonl) ?? { line: 0, first: undefined, second: undefined };
  return { identical: false, digests, file: 'trace.jsonl', difference: trace };
}

export function rerunAndCompare(scenario: ScenarioEntry<unknown>, first: SimulatedRun): DeterminismCheck {
  return compareRuns(first, simulate(scenario, first.seed, first.spec));
}

const SHOWN_CHARS = 160;

/** One line for a divergence: where, and both versions (truncated). */
export function describeDivergence(check: Extract<DeterminismCheck, { identical: false }>): string {
  const show = (line: string | undefined) => (line === undefined ? '(nothing: the run ended)' : line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS)}…` : line);
  const { file, difference } = check;
  return `first difference at ${file} line ${difference.line}: first run ${show(difference.first)} — second run ${show(difference.second)}`;
}

/**
 * Whether a sweep re-runs this seed to check determinism: a fixed hash of the seed against `share`, so the same
 * seeds are sampled on every machine and every re-run of the sweep, spread evenly over any seed range.
 */
export function isDeterminismSample(seed: number, share: number): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  return seedHash(seed) / 2 ** 32 < share;
}

/** murmur3's 32-bit finaliser over both halves of the seed (seeds go up to 2^53). */
function seedHash(seed: number): number {
  let h = Math.floor(seed / 2 ** 32) ^ Math.imul(seed >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
