/**
 * What a sweep says about its seeds: the line of a failing or non-deterministic seed, and per scenario the
 * counts, the determinism re-runs and the faults injected. Pure: the sweep and soak commands print these.
 */
import { describeDivergence } from './determinism.ts';
import { EXIT } from './errors.ts';
import type { SeedVerdict } from './sweep.ts';

export interface SweepTally {
  scenario: string;
  seeds: number;
  valid: number;
  violations: number;
  unknown: number;
  /** Seeds run twice to check determinism, and those whose two runs differed. */
  rerun: number;
  diverged: SeedVerdict[];
  /** Seeds that are not valid (violation or unknown), in seed order. */
  failing: SeedVerdict[];
  faults: { byKind: Record<string, number>; seedsWithKind: Record<string, number>; byTrigger: Record<string, number> };
}

export function tallySweep(scenario: string, verdicts: readonly SeedVerdict[]): SweepTally {
  const sorted = [...verdicts].sort((a, b) => a.seed - b.seed);
  return {
    scenario,
    seeds: sorted.length,
    valid: sorted.filter((v) => v.valid === true).length,
    violations: sorted.filter((v) => v.valid === false).length,
    unknown: sorted.filter((v) => v.valid === 'unknown').length,
    rerun: sorted.filter((v) => v.determinism !== undefined).length,
    diverged: sorted.filter((v) => v.determinism?.identical === false),
    failing: sorted.filter((v) => v.valid !== true),
    faults: totalFaults(sorted),
  };
}

/** A violation or a non-deterministic seed fails the sweep (1); else an undecided seed makes it unknown (3). */
export function sweepExitCode(tallies: readonly SweepTally[]): number {
  if (tallies.some((t) => t.violations > 0 || t.diverged.length > 0)) return EXIT.violation;
  if (tallies.some((t) => t.unknown > 0)) return EXIT.unknown;
  return EXIT.valid;
}

export function failingSeedLine(scenario: string, v: SeedVerdict): string {
  return `${scenario} seed ${v.seed}: ${v.valid === false ? 'VIOLATION' : 'unknown'} (${v.failing.join(', ')}) — repro: ${v.repro} — report: ${v.report ?? '(none)'}`;
}

export function divergedSeedLine(scenario: string, v: SeedVerdict): string {
  if (v.determinism?.identical !== false) throw new Error(`seed ${v.seed} did not diverge`);
  return `${scenario} seed ${v.seed}: NOT DETERMINISTIC — ${describeDivergence(v.determinism)} — repro: ${v.repro}`;
}

export function determinismPhrase(t: Pick<SweepTally, 'rerun' | 'diverged'>): string {
  if (t.rerun === 0) return 'determinism: no seed re-run';
  const seeds = t.rerun === 1 ? '1 seed' : `${t.rerun} seeds`;
  if (t.diverged.length === 0) return `determinism: ${seeds} re-run, ${t.rerun === 1 ? 'identical' : 'all identical'}`;
  return `determinism: ${seeds} re-run, ${t.diverged.length} DIVERGED (seed ${t.diverged.map((v) => v.seed).join(', ')})`;
}

export function countsPhrase(t: Pick<SweepTally, 'valid' | 'violations' | 'unknown'>): string {
  return `${t.valid} valid, ${t.violations} violations, ${t.unknown} unknown`;
}

/** The faults injected over the sweep, as two lines (none when no fault was injected at all). */
export function faultLines(t: SweepTally): string[] {
  const { byKind, seedsWithKind, byTrigger } = t.faults;
  if (Object.keys(byKind).length === 0) return [];
  return [
    `faults injected (from the traces): ${Object.entries(byKind).map(([k, n]) => `${k} ${n} (in ${seedsWithKind[k]} seeds)`).join(', ')}`,
    `triggered at failpoints: ${Object.entries(byTrigger).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
  ];
}

function totalFaults(verdicts: readonly SeedVerdict[]): SweepTally['faults'] {
  const byKind: Record<string, number> = {};
  const seedsWithKind: Record<string, number> = {};
  const byTrigger: Record<string, number> = {};
  for (const v of verdicts) {
    for (const [k, n] of Object.entries(v.faults.byKind)) {
      byKind[k] = (byKind[k] ?? 0) + n;
      seedsWithKind[k] = (seedsWithKind[k] ?? 0) + 1;
    }
    for (const [k, n] of Object.entries(v.faults.byTrigger)) byTrigger[k] = (byTrigger[k] ?? 0) + n;
  }
  const sorted = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { byKind: sorted(byKind), seedsWithKind: sorted(seedsWithKind), byTrigger: sorted(byTrigger) };
}
