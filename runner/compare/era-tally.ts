/**
 * One assignment era's seeds of a `compare`, summed up: verdicts (and which checker failed), time without an
 * active master, region outages, failed and indeterminate operations, faults, wall time. Pure: from the seeds'
 * verdicts and measures (seed-measures.ts), in seed order whatever order the workers answered in.
 */
import type { AssignmentEra } from '../../system/cluster-spec.ts';
import { percentile } from '../../reports/figures.ts';
import type { SeedVerdict } from '../sweep.ts';
import type { Validity } from '../verdict.ts';

export interface Spread {
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface EraTally {
  era: AssignmentEra;
  seeds: number;
  valid: number;
  violations: number;
  unknown: number;
  /** Seeds each checker judged a violation (false), and seeds it left undecided ('unknown'), by checker name. */
  violationsByChecker: Record<string, number>;
  unknownByChecker: Record<string, number>;
  /** Time without an active master: summed over the seeds, the mean per seed, the worst seed. */
  noActiveMaster: { totalMs: number; meanMs: number | null; maxMs: number | null };
  /** Every region outage of every seed (seed-measures.ts defines one): how many, and their lengths. */
  regionOutages: { count: number } & Spread;
  /** Region-unavailable time summed over a seed's regions, then averaged over the seeds. */
  regionUnavailableMeanMs: number | null;
  operations: number;
  failedOps: number;
  indeterminateOps: number;
  /** Faults injected (from the traces), and those struck by a trigger, by failpoint. */
  faults: number;
  triggered: Record<string, number>;
  wallMs: { meanMs: number | null } & Spread;
  /** Seeds not valid, in seed order. */
  failing: SeedVerdict[];
}

export function tallyEra(era: AssignmentEra, verdicts: readonly SeedVerdict[]): EraTally {
  const sorted = [...verdicts].sort((a, b) => a.seed - b.seed);
  const tally: EraTally = {
    era,
    seeds: sorted.length,
    valid: 0,
    violations: 0,
    unknown: 0,
    violationsByChecker: {},
    unknownByChecker: {},
    noActiveMaster: { totalMs: 0, meanMs: null, maxMs: null },
    regionOutages: { count: 0, p50: null, p99: null, max: null },
    regionUnavailableMeanMs: null,
    operations: 0,
    failedOps: 0,
    indeterminateOps: 0,
    faults: 0,
    triggered: {},
    wallMs: { meanMs: null, p50: null, p99: null, max: null },
    failing: sorted.filter((v) => v.valid !== true),
  };
  const outages: number[] = [];
  const masterless: number[] = [];
  let unavailableMs = 0;
  for (const v of sorted) {
    const m = v.measures;
    if (m === undefined) throw new Error(`seed ${v.seed} came back without measures`);
    addVerdict(tally, v.valid, m.checkers);
    for (const n of Object.values(v.faults.byKind)) tally.faults += n;
    for (const [on, n] of Object.entries(v.faults.byTrigger)) tally.triggered[on] = (tally.triggered[on] ?? 0) + n;
    if (m.noActiveMasterMs !== null) masterless.push(m.noActiveMasterMs);
    outages.push(...m.regionOutagesMs);
    unavailableMs += m.regionOutagesMs.reduce((a, b) => a + b, 0);
    tally.operations += m.operations;
    tally.failedOps += m.failedOps;
    tally.indeterminateOps += m.indeterminateOps;
  }
  const total = masterless.reduce((a, b) => a + b, 0);
  tally.noActiveMaster = { totalMs: total, meanMs: masterless.length === 0 ? null : total / masterless.length, maxMs: masterless.length === 0 ? null : Math.max(...masterless) };
  tally.regionOutages = { count: outages.length, ...spread(outages) };
  tally.regionUnavailableMeanMs = sorted.length === 0 ? null : unavailableMs / sorted.length;
  const walls = sorted.map((v) => v.wallMs);
  tally.wallMs = { meanMs: walls.length === 0 ? null : walls.reduce((a, b) => a + b, 0) / walls.length, ...spread(walls) };
  tally.triggered = Object.fromEntries(Object.entries(tally.triggered).sort(([a], [b]) => (a < b ? -1 : 1)));
  return tally;
}

function addVerdict(tally: EraTally, valid: Validity, checkers: Record<string, Validity>): void {
  if (valid === true) tally.valid++;
  else if (valid === false) tally.violations++;
  else tally.unknown++;
  for (const [name, v] of Object.entries(checkers)) {
    if (v === false) tally.violationsByChecker[name] = (tally.violationsByChecker[name] ?? 0) + 1;
    if (v === 'unknown') tally.unknownByChecker[name] = (tally.unknownByChecker[name] ?? 0) + 1;
  }
}

/** Nearest-rank percentiles, as the report's latency figures (reports/figures.ts). */
function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50) ?? null, p99: percentile(sorted, 99) ?? null, max: sorted.length === 0 ? null : (sorted[sorted.length - 1] as number) };
}
