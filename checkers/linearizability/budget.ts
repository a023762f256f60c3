/**
 * A check's limits, shared by all the searches of one check. Hitting one ends a search with `unknown` and the
 * reason; searches ask often enough that a check never overruns its time by much and never allocates past
 * its memory.
 */
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

export interface Limits {
  /** Wall-clock time for the whole check, in ms. */
  timeLimitMs: number;
  /** Bytes the searches' own tables may hold at once (memo, states, stacks). */
  memoryLimitBytes: number;
}

/** States live on the JavaScript heap: by default the search keeps to half of it, and to 1 GiB at most. */
export const DEFAULT_LIMITS: Limits = {
  timeLimitMs: 60_000,
  memoryLimitBytes: Math.min(1024 * 1024 * 1024, Math.floor(getHeapStatistics().heap_size_limit / 2 / 2 ** 20) * 2 ** 20),
};

export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
}

export class Budget {
  readonly #deadline: number;
  readonly #held = new Map<object, number>();
  #total = 0;
  #peak = 0;

  constructor(readonly limits: Limits) {
    this.#deadline = performance.now() + limits.timeLimitMs;
  }

  checkTime(): void {
    if (performance.now() > this.#deadline) throw new BudgetExceeded(`time limit of ${this.limits.timeLimitMs} ms reached`);
  }

  /** Records that `owner` now holds `bytes`; throws, holding nothing more, if all owners together would exceed the limit. */
  hold(owner: object, bytes: number): void {
    const before = this.#held.get(owner) ?? 0;
    if (this.#total - before + bytes > this.limits.memoryLimitBytes) {
      throw new BudgetExceeded(`memory limit of ${formatBytes(this.limits.memoryLimitBytes)} reached`);
    }
    this.#total += bytes - before;
    this.#peak = Math.max(this.#peak, this.#total);
    this.#held.set(owner, bytes);
  }

  /** The most bytes held at once so far. */
  get peakBytes(): number {
    return this.#peak;
  }

  release(owner: object): void {
    this.#total -= this.#held.get(owner) ?? 0;
    this.#held.delete(owner);
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}
