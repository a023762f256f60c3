/**
 * The set of configurations already explored: (how far each chain has been linearized, model state).
 * A chain's linearized operations are always a prefix of it, so a configuration is a short vector of counts
 * rather than a bitset over the whole history. Entries live in flat Int32Arrays (open addressing, linear
 * probing): no object per entry, and the bytes are known exactly.
 */
export class ConfigSet {
  readonly #width: number;
  readonly #growthGuard: (bytes: number) => void;
  #entries: Int32Array;
  #slots: Int32Array;
  #size = 0;

  /** `growthGuard` is told the bytes the set would hold after growing, and throws to refuse. */
  constructor(chains: number, growthGuard: (bytes: number) => void, initialSlots = 256) {
    this.#width = chains + 2;
    this.#growthGuard = growthGuard;
    this.#slots = new Int32Array(initialSlots);
    this.#entries = new Int32Array((initialSlots >> 1) * this.#width);
  }

  get size(): number {
    return this.#size;
  }

  get bytes(): number {
    return this.#slots.byteLength + this.#entries.byteLength;
  }

  /** Adds the configuration; false if it was already there. `hash` need only be well mixed in its low bits. */
  add(hash: number, state: number, counts: Int32Array): boolean {
    const width = this.#width;
    const entries = this.#entries;
    const slots = this.#slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot] as number;
      if (entry === 0) break;
      const base = (entry - 1) * width;
      if (entries[base] === hash && entries[base + 1] === state && sameCounts(entries, base + 2, counts)) return false;
      slot = (slot + 1) & mask;
    }
    if ((this.#size + 1) * 2 > slots.length) {
      this.#grow();
      return this.add(hash, state, counts);
    }
    const base = this.#size * width;
    entries[base] = hash;
    entries[base + 1] = state;
    entries.set(counts, base + 2);
    this.#size++;
    slots[slot] = this.#size;
    return true;
  }

  #grow(): void {
    const slotCount = this.#slots.length * 2;
    this.#growthGuard(slotCount * 4 + (slotCount >> 1) * this.#width * 4);
    const entries = new Int32Array((slotCount >> 1) * this.#width);
    entries.set(this.#entries);
    const slots = new Int32Array(slotCount);
    const mask = slotCount - 1;
    for (let e = 0; e < this.#size; e++) {
      let slot = (entries[e * this.#width] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = e + 1;
    }
    this.#entries = entries;
    this.#slots = slots;
  }
}

function sameCounts(entries: Int32Array, at: number, counts: Int32Array): boolean {
  for (let i = 0; i < counts.length; i++) if (entries[at + i] !== counts[i]) return false;
  return true;
}

/** Murmur3's finaliser: spreads a 32-bit value's entropy over all its bits. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}
