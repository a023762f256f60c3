/**
 * The set of configurations already explored: (how far each chain has been linearized, model state).
 * A chain's linearized operations are always a prefix of it, so a configuration is a short vector of counts
 * rather than a bitset over the whole history. Entries live in flat typed arrays (open addressing, linear
 * probing): no object per entry, the bytes known exactly, and counts stored in 16 bits when every chain is
 * shorter than 65,536 operations (nearly always), which halves the memo.
 */
import { int32Array, uint16Array } from './arena.ts';

export class ConfigSet {
  readonly #chains: number;
  readonly #narrow: boolean;
  readonly #growthGuard: (bytes: number) => void;
  /** Per entry: its hash and its state id. */
  #meta: Int32Array;
  #counts: Uint16Array | Int32Array;
  #slots: Int32Array;
  #size = 0;

  /** `growthGuard` is told the bytes the set would hold after growing, and throws to refuse. */
  constructor(chains: number, longestChain: number, growthGuard: (bytes: number) => void, initialSlots = 256) {
    this.#chains = chains;
    this.#narrow = longestChain < 0x10000;
    this.#growthGuard = growthGuard;
    this.#slots = int32Array(initialSlots);
    this.#meta = int32Array(initialSlots);
    this.#counts = this.#countArray((initialSlots >> 1) * chains);
  }

  get size(): number {
    return this.#size;
  }

  get bytes(): number {
    return this.#slots.byteLength + this.#meta.byteLength + this.#counts.byteLength;
  }

  /** Adds the configuration; false if it was already there. `hash` need only be well mixed in its low bits. */
  add(hash: number, state: number, counts: Int32Array): boolean {
    const chains = this.#chains;
    const meta = this.#meta;
    const stored = this.#counts;
    const slots = this.#slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = (slots[slot] as number) - 1;
      if (entry < 0) break;
      if (meta[2 * entry] === hash && meta[2 * entry + 1] === state && sameCounts(stored, entry * chains, counts)) return false;
      slot = (slot + 1) & mask;
    }
    if ((this.#size + 1) * 2 > slots.length) {
      this.#grow();
      return this.add(hash, state, counts);
    }
    const entry = this.#size++;
    meta[2 * entry] = hash;
    meta[2 * entry + 1] = state;
    // A loop, not stored.set(counts, …): a configuration is a few counts, too few to pay for the builtin's call.
    for (let i = 0, at = entry * chains; i < chains; i++) stored[at + i] = counts[i] as number;
    slots[slot] = entry + 1;
    return true;
  }

  #countArray(length: number): Uint16Array | Int32Array {
    return this.#narrow ? uint16Array(length) : int32Array(length);
  }

  #grow(): void {
    const slotCount = this.#slots.length * 2;
    const entries = slotCount >> 1;
    this.#growthGuard(slotCount * 4 + entries * 8 + entries * this.#chains * (this.#narrow ? 2 : 4));
    const meta = int32Array(entries * 2);
    meta.set(this.#meta);
    const counts = this.#countArray(entries * this.#chains);
    counts.set(this.#counts);
    const slots = int32Array(slotCount);
    const mask = slotCount - 1;
    for (let e = 0; e < this.#size; e++) {
      let slot = (meta[2 * e] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = e + 1;
    }
    this.#meta = meta;
    this.#counts = counts;
    this.#slots = slots;
  }
}

function sameCounts(stored: Uint16Array | Int32Array, at: number, counts: Int32Array): boolean {
  for (let i = 0; i < counts.length; i++) if (stored[at + i] !== counts[i]) return false;
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
