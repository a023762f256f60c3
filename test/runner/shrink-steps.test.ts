import { describe, expect, test } from 'vitest';
import type { FaultSchedule, FaultSpec } from '../../harness/faults/types.ts';
import { earlierOccurrences, entryChange, entryRefs, halfDrops, laterEntries, milderEntries, milderFaults, toward, withoutEntries } from '../../runner/shrink/candidates.ts';
import { searchSmallest } from '../../runner/shrink/search.ts';
import { failureSignature, sameFailure, subjectsOf } from '../../runner/shrink/signature.ts';
import type { Verdict } from '../../runner/verdict.ts';

const crash = (target: string, restartAfterMs: number | null): FaultSpec => ({ kind: 'crash', target, restartAfterMs });
const pause = (target: string, durationMs: number): FaultSpec => ({ kind: 'pause', target, durationMs });

function schedule(): FaultSchedule {
  return {
    version: 1,
    quietAtMs: 20_000,
    faults: [
      { at: 5_000, fault: crash('rs-1', 3_000) },
      { at: 8_000, fault: pause('rs-2', 4_000) },
      { at: 9_000, fault: { kind: 'session-expiry', target: 'rs-3' } },
    ],
    triggers: [{ on: 'master.scp.SERVER_CRASH_SPLIT_LOGS', occurrence: 5, fault: crash('role:self', null) }],
  };
}

describe('shrink steps', () => {
  test('toward: the target first, then half, a quarter, an eighth of the way; nothing at the target', () => {
    expect(toward(100, 0)).toEqual([0, 50, 75, 88]);
    expect(toward(7, 1)).toEqual([1, 4, 6]);
    expect(toward(2, 0)).toEqual([0, 1]);
    expect(toward(1, 0)).toEqual([0]);
    expect(toward(0, 0)).toEqual([]);
    expect(toward(10, 19)).toEqual([19, 14, 12, 11]);
  });

  test('entries are timed faults then triggers; halves drop the first then the second half', () => {
    const s = schedule();
    expect(entryRefs(s)).toEqual([
      { list: 'faults', index: 0 },
      { list: 'faults', index: 1 },
      { list: 'faults', index: 2 },
      { list: 'triggers', index: 0 },
    ]);
    const [first, second] = halfDrops(s);
    expect(first?.faults.map((f) => f.at)).toEqual([9_000]);
    expect(first?.triggers).toHaveLength(1);
    expect(second?.faults.map((f) => f.at)).toEqual([5_000, 8_000]);
    expect(second?.triggers).toEqual([]);
    expect(halfDrops({ ...s, faults: [], triggers: s.triggers })).toEqual([]);
    expect(withoutEntries(s, [{ list: 'triggers', index: 0 }]).triggers).toEqual([]);
  });

  test('milder faults: durations, restart delays, skews and sync counts shrink; a crash with no restart and a session expiry have no milder form', () => {
    expect(milderFaults(crash('rs-1', 3_000))).toEqual([crash('rs-1', 0), crash('rs-1', 1_500), crash('rs-1', 2_250), crash('rs-1', 2_625)]);
    expect(milderFaults(crash('rs-1', null))).toEqual([]);
    expect(milderFaults({ kind: 'partition', groups: [['a'], ['b']], durationMs: 9 })).toEqual([
      { kind: 'partition', groups: [['a'], ['b']], durationMs: 0 },
      { kind: 'partition', groups: [['a'], ['b']], durationMs: 5 },
      { kind: 'partition', groups: [['a'], ['b']], durationMs: 7 },
      { kind: 'partition', groups: [['a'], ['b']], durationMs: 8 },
    ]);
    expect(milderFaults({ kind: 'clock-skew', target: 'rs-1', skewMs: -800 })).toEqual([
      { kind: 'clock-skew', target: 'rs-1', skewMs: 0 },
      { kind: 'clock-skew', target: 'rs-1', skewMs: -400 },
      { kind: 'clock-skew', target: 'rs-1', skewMs: -600 },
      { kind: 'clock-skew', target: 'rs-1', skewMs: -700 },
    ]);
    expect(milderFaults({ kind: 'sync-failure', target: 'rs-1', times: 3 })).toEqual([{ kind: 'sync-failure', target: 'rs-1', times: 1 }, { kind: 'sync-failure', target: 'rs-1', times: 2 }]);
    expect(milderFaults({ kind: 'sync-failure', target: 'rs-1', times: 'until-roll' })).toEqual([]);
    expect(milderFaults({ kind: 'session-expiry', target: 'rs-1' })).toEqual([]);
    // The step changes only the entry it names, and leaves the original untouched.
    const s = schedule();
    const [milder] = milderEntries(s, { list: 'faults', index: 1 });
    expect(milder?.faults[1]?.fault).toEqual(pause('rs-2', 0));
    expect(milder?.faults[0]).toBe(s.faults[0]);
    expect(s.faults[1]?.fault).toEqual(pause('rs-2', 4_000));
  });

  test('timed faults move later but stay before the quiet phase; triggers fire on an earlier occurrence', () => {
    const s = schedule();
    expect(laterEntries(s, { list: 'faults', index: 0 }).map((c) => c.faults[0]?.at)).toEqual([19_999, 12_499, 8_749, 6_874]);
    expect(laterEntries({ ...s, faults: [{ at: 19_999, fault: crash('rs-1', 0) }] }, { list: 'faults', index: 0 })).toEqual([]);
    expect(laterEntries(s, { list: 'triggers', index: 0 })).toEqual([]);
    expect(earlierOccurrences(s, { list: 'triggers', index: 0 }).map((c) => c.triggers[0]?.occurrence)).toEqual([1, 3, 4]);
    expect(earlierOccurrences(s, { list: 'faults', index: 0 })).toEqual([]);
  });

  test('a step is described by the fields it changed', () => {
    const s = schedule();
    expect(entryChange(s.faults[1]!, { ...s.faults[1]!, fault: pause('rs-2', 2_000) })).toBe('durationMs 4000 → 2000');
    expect(entryChange(s.faults[0]!, { ...s.faults[0]!, at: 12_499 })).toBe('at 5000 → 12499');
    expect(entryChange(s.triggers[0]!, { ...s.triggers[0]!, occurrence: 1 })).toBe('occurrence 5 → 1');
  });
});

describe('the greedy search', () => {
  // A "bug" that needs the crash of rs-1 with a restart delay of at least 700 ms, and the trigger on any occurrence.
  const fails = (s: FaultSchedule) => s.faults.some((f) => f.fault.kind === 'crash' && f.fault.target === 'rs-1' && (f.fault.restartAfterMs ?? 0) >= 700) && s.triggers.length === 1;

  test('keeps only what the failure needs, each kept step still failing, and reaches a fixed point', () => {
    const kept: FaultSchedule[] = [];
    const outcome = searchSmallest(schedule(), fails, { maxRuns: 1_000 }, (step) => kept.push(step.schedule));
    expect(outcome.stoppedBy).toBe('fixed point');
    expect(outcome.schedule.faults).toHaveLength(1);
    expect(outcome.schedule.triggers).toHaveLength(1);
    const [only] = outcome.schedule.faults;
    expect(only?.fault).toMatchObject({ kind: 'crash', target: 'rs-1' });
    const restart = (only?.fault as { restartAfterMs: number }).restartAfterMs;
    expect(restart).toBeGreaterThanOrEqual(700);
    expect(restart).toBeLessThan(1_500);
    expect(restart).toBe(750); // 0, 375, 563 and 657 are each tried from 750, and fail
    expect(only?.at).toBe(19_999);
    expect(outcome.schedule.triggers[0]?.occurrence).toBe(1);
    expect(kept.length).toBe(outcome.kept);
    for (const s of kept) expect(fails(s)).toBe(true);
  });

  test('the result is deterministic for a run budget, and the budget bounds the runs', () => {
    const runs: number[] = [];
    const counting = (s: FaultSchedule) => (runs.push(1), fails(s));
    const a = searchSmallest(schedule(), counting, { maxRuns: 5 });
    expect(a.runs).toBe(5);
    expect(runs).toHaveLength(5);
    expect(a.stoppedBy).toBe('run budget');
    const b = searchSmallest(schedule(), fails, { maxRuns: 5 });
    expect(b).toEqual(a);
  });

  test('a time budget stops the search before its next run', () => {
    let calls = 0;
    const outcome = searchSmallest(schedule(), fails, { maxRuns: 1_000, outOfTime: () => ++calls > 3 });
    expect(outcome).toMatchObject({ runs: 3, stoppedBy: 'time budget' });
  });

  test('a schedule met again is not run again', () => {
    const seen = new Set<string>();
    searchSmallest(schedule(), (s) => {
      const key = JSON.stringify([s.faults, s.triggers]);
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      return fails(s);
    }, { maxRuns: 1_000 });
  });
});

describe('failure signatures', () => {
  const verdict = (checkers: Verdict['checkers']): Verdict => ({ valid: Object.values(checkers).some((c) => c.valid === false) ? false : true, checkers });
  const lin = (...bad: string[]) => ({ valid: bad.length > 0 ? (false as const) : (true as const), keys: [...bad.map((key) => ({ key, valid: false })), { key: 'undecided', valid: 'unknown' }] });
  const asg = (...violations: Array<{ kind: string; region?: string }>) => ({ valid: violations.length > 0 ? (false as const) : (true as const), violations });

  test('the subjects: keys not linearizable, assignment violations by kind and region, the exception of a failed invariant', () => {
    expect(subjectsOf('linearizability', lin('k2', 'k1'))).toEqual(['key k1', 'key k2']);
    expect(subjectsOf('assignment', asg({ kind: 'double-assignment', region: 'r1' }, { kind: 'split-brain-master' }, { kind: 'double-assignment', region: 'r1' }))).toEqual(['double-assignment r1', 'split-brain-master']);
    expect(subjectsOf('invariants', { valid: false, message: 'UnexpectedStateException: region r1 in state OPEN' })).toEqual(['UnexpectedStateException']);
    expect(failureSignature(verdict({ linearizability: lin('k1'), assignment: asg() }))).toEqual({ linearizability: ['key k1'] });
  });

  test('the same failure: the same checkers fail, each on one of the original subjects', () => {
    const original = failureSignature(verdict({ linearizability: lin('k1', 'k2'), assignment: asg() }));
    const same = (v: Verdict) => sameFailure(original, failureSignature(v));
    expect(same(verdict({ linearizability: lin('k2'), assignment: asg() }))).toBe(true);
    expect(same(verdict({ linearizability: lin('k3'), assignment: asg() }))).toBe(false);
    expect(same(verdict({ linearizability: lin(), assignment: asg() }))).toBe(false);
    expect(same(verdict({ linearizability: lin('k1'), assignment: asg({ kind: 'double-assignment', region: 'r1' }) }))).toBe(false);
    const byRegion = failureSignature(verdict({ linearizability: lin(), assignment: asg({ kind: 'double-assignment', region: 'r1' }) }));
    expect(sameFailure(byRegion, failureSignature(verdict({ linearizability: lin(), assignment: asg({ kind: 'double-assignment', region: 'r2' }) })))).toBe(false);
    expect(sameFailure(byRegion, failureSignature(verdict({ linearizability: lin(), assignment: asg({ kind: 'final-state', region: 'r1' }) })))).toBe(false);
    expect(sameFailure(byRegion, failureSignature(verdict({ linearizability: lin(), assignment: asg({ kind: 'final-state', region: 'r1' }, { kind: 'double-assignment', region: 'r1' }) })))).toBe(true);
    // A run that does not fail has nothing to match.
    expect(sameFailure({}, {})).toBe(false);
  });
});
