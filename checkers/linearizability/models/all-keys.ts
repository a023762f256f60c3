/**
 * Every key's model at once, as one state: what checking without P-compositionality means. It exists to
 * measure the search on a large state space (Porcupine's "kv without partitioning" benchmark) and to test that
 * checking key by key and checking everything together agree.
 */
import { mix32 } from '../memo.ts';
import type { Model } from '../model.ts';

export interface AllKeysState<S> {
  readonly parts: readonly S[];
  /** Sum of each part's hash mixed with its slot: one part changes, one term changes. */
  readonly hash: number;
}

export function allKeys<S>(model: Model<S>, keys: readonly string[]): Model<AllKeysState<S>> {
  const slots = new Map(keys.map((key, slot) => [key, slot]));
  const term = (slot: number, part: S): number => mix32(model.hash(part) ^ Math.imul(slot + 1, 0x9e3779b1));
  const slotOf = (key: string): number => {
    const slot = slots.get(key);
    if (slot === undefined) throw new Error(`all-keys model: key ${JSON.stringify(key)} was not declared`);
    return slot;
  };
  return {
    name: model.name,
    description: `${model.description}; all keys as one state`,
    functions: model.functions,
    init() {
      const parts = keys.map(() => model.init());
      return { parts, hash: parts.reduce((h, part, slot) => (h + term(slot, part)) | 0, 0) };
    },
    validate: (op) => model.validate(op),
    role: (op) => model.role(op),
    step(state, op) {
      const slot = slotOf(op.key);
      const current = state.parts[slot] as S;
      const next = model.step(current, op);
      if (next === undefined) return undefined;
      if (next === current) return state;
      const parts = state.parts.slice();
      parts[slot] = next;
      return { parts, hash: (state.hash - term(slot, current) + term(slot, next)) | 0 };
    },
    hash: (state) => state.hash,
    sizeOf: (state) => 64 + 8 * state.parts.length,
    equal: (a, b) => a === b || (a.hash === b.hash && a.parts.every((part, slot) => part === b.parts[slot] || model.equal(part, b.parts[slot] as S))),
    describeState: (state) => Object.fromEntries(keys.map((key, slot) => [key, model.describeState(state.parts[slot] as S)])),
    describeOperation: (op) => `${op.key}: ${model.describeOperation(op)}`,
  };
}
