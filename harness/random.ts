/**
 * Seeded randomness. One root seed forks into named streams; each stream's values depend only on
 * (root seed, stream name), so adding draws to one component never shifts another's schedule.
 */
import seedrandom from 'seedrandom';

/** Largest root seed accepted: seeds must survive a JSON round trip and a shell command line exactly. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

export function isValidSeed(seed: number): boolean {
  return Number.isSafeInteger(seed) && seed >= 0 && seed <= MAX_SEED;
}

export class RandomStream {
  readonly #next: () => number;
  #draws = 0;

  constructor(readonly name: string, seedMaterial: string) {
    // alea: ~5 ns/draw (the default arc4 is ~50 ns) and its period is ample for a run.
    this.#next = seedrandom.alea(seedMaterial);
  }

  /** How many values were drawn so far — handy when a test wants to prove two streams are independent. */
  get draws(): number {
    return this.#draws;
  }

  /** Uniform in [0, 1). */
  float(): number {
    this.#draws++;
    return this.#next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    if (!(max >= min)) throw new RangeError(`RandomStream.int: empty range [${min}, ${max}]`);
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError(`RandomStream.pick from an empty list (${this.name})`);
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A new array in a seeded order (Fisher–Yates); the input is left alone. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** Exponentially distributed value with the given mean (for Poisson arrivals of faults, ops). */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }
}

/** The root of a run's randomness. Streams are created on first use and cached by name. */
export class Seeds {
  readonly #streams = new Map<string, RandomStream>();

  constructor(readonly root: number) {
    if (!isValidSeed(root)) throw new RangeError(`seed must be an integer in [0, ${MAX_SEED}], got ${root}`);
  }

  stream(name: string): RandomStream {
    let s = this.#streams.get(name);
    if (s === undefined) {
      s = new RandomStream(name, `faultline:${this.root}:${name}`);
      this.#streams.set(name, s);
    }
    return s;
  }
}
