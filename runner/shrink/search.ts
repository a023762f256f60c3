/**
 * The greedy search for a smaller failing schedule. Passes over the current schedule, each trying in order:
 * dropping half the entries, dropping each entry, making each fault milder, moving each timed fault later,
 * firing each trigger on an earlier occurrence. A step is kept when the schedule still fails the same way, and
 * the next step starts from it; a pass that keeps nothing is a fixed point.
 *
 * Deterministic for a given run budget: the steps come in a fixed order and each verdict depends only on the
 * schedule. A time budget can only cut the search short (it is checked before each run), so a search stopped
 * by time depends on the machine's speed.
 */
import type { FaultSchedule } from '../../harness/faults/types.ts';
import { earlierOccurrences, entryAt, entryChange, entryCount, entryRefs, halfDrops, laterEntries, milderEntries, withoutEntries, type EntryRef } from './candidates.ts';

/** Whether a schedule fails the same way as the original (one run of it). */
export type FailsTheSameWay = (schedule: FaultSchedule) => boolean;

export interface SearchBudget {
  /** Most runs of candidate schedules. */
  maxRuns: number;
  /** Asked before each run; true stops the search (a wall-clock bound). */
  outOfTime?: () => boolean;
}

export type StoppedBy = 'fixed point' | 'run budget' | 'time budget';

export interface SearchOutcome {
  schedule: FaultSchedule;
  /** Candidate schedules run. */
  runs: number;
  /** Steps kept. */
  kept: number;
  stoppedBy: StoppedBy;
}

/** A step kept: what it was, and the run that showed it still fails. */
export interface KeptStep {
  step: string;
  run: number;
  schedule: FaultSchedule;
}

type Steps = (schedule: FaultSchedule, ref: EntryRef) => FaultSchedule[];

const REFINEMENTS: readonly Steps[] = [milderEntries, laterEntries, earlierOccurrences];

export function searchSmallest(start: FaultSchedule, fails: FailsTheSameWay, budget: SearchBudget, onKept: (step: KeptStep) => void = () => {}): SearchOutcome {
  const search = new GreedySearch(start, fails, budget, onKept);
  search.run();
  return search.outcome();
}

class GreedySearch {
  #current: FaultSchedule;
  #runs = 0;
  #kept = 0;
  #stoppedBy: StoppedBy | null = null;
  /** Verdicts by schedule: a schedule met again is not run again. */
  readonly #tried = new Map<string, boolean>();

  constructor(
    start: FaultSchedule,
    private readonly fails: FailsTheSameWay,
    private readonly budget: SearchBudget,
    private readonly onKept: (step: KeptStep) => void,
  ) {
    this.#current = start;
  }

  run(): void {
    while (this.#stoppedBy === null) {
      const keptBefore = this.#kept;
      this.#dropHalves();
      this.#dropEach();
      for (const steps of REFINEMENTS) this.#refineEach(steps);
      if (this.#stoppedBy === null && this.#kept === keptBefore) this.#stoppedBy = 'fixed point';
    }
  }

  outcome(): SearchOutcome {
    return { schedule: this.#current, runs: this.#runs, kept: this.#kept, stoppedBy: this.#stoppedBy ?? 'fixed point' };
  }

  #dropHalves(): void {
    while (halfDrops(this.#current).some((candidate, i) => this.#try(candidate, i === 0 ? 'dropped the first half' : 'dropped the second half')));
  }

  #dropEach(): void {
    for (let i = 0; i < entryCount(this.#current) && this.#stoppedBy === null; ) {
      const ref = entryRefs(this.#current)[i] as EntryRef;
      // A dropped entry's place is taken by the next one, which is tried at the same index.
      if (!this.#try(withoutEntries(this.#current, [ref]), `dropped ${name(ref)}`)) i++;
    }
  }

  /** Each entry in turn, stepped as long as a step of it is kept. */
  #refineEach(steps: Steps): void {
    for (let i = 0; i < entryCount(this.#current) && this.#stoppedBy === null; i++) {
      const ref = entryRefs(this.#current)[i] as EntryRef;
      const label = (candidate: FaultSchedule) => `${name(ref)}: ${entryChange(entryAt(this.#current, ref), entryAt(candidate, ref))}`;
      while (steps(this.#current, ref).some((candidate) => this.#try(candidate, label(candidate))));
    }
  }

  #try(candidate: FaultSchedule, step: string): boolean {
    if (this.#stoppedBy !== null) return false;
    const key = JSON.stringify([candidate.faults, candidate.triggers]);
    const known = this.#tried.get(key);
    if (known !== undefined) return known && this.#keep(candidate, step);
    if (this.#runs >= this.budget.maxRuns) return this.#stop('run budget');
    if (this.budget.outOfTime?.() === true) return this.#stop('time budget');
    this.#runs++;
    const fails = this.fails(candidate);
    this.#tried.set(key, fails);
    return fails && this.#keep(candidate, step);
  }

  #keep(candidate: FaultSchedule, step: string): true {
    this.#current = candidate;
    this.#kept++;
    this.onKept({ step, run: this.#runs, schedule: candidate });
    return true;
  }

  #stop(reason: StoppedBy): false {
    this.#stoppedBy = reason;
    return false;
  }
}

function name(ref: EntryRef): string {
  return `${ref.list}[${ref.index}]`;
}
