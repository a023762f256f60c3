/**
 * The brute-force comparison can catch a broken pruning. Each condition the search prunes by
 * (checkers/linearizability/pruning.ts) is swapped here for a deliberately unsound variant, and the property of
 * properties.test.ts — same histories, same number of runs — must fail, on a history that is linearizable but
 * that the broken checker rejects; so must the small counterexample kept from it (support/pruning-examples.ts).
 * The swap is vi.mock, confined to this file: the search's hot path has no hook for it.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { HistoryOp } from '../../harness/history.ts';
import { checkLinearizability } from '../../checkers/linearizability/check.ts';
import type { AnyModel } from '../../checkers/linearizability/model.ts';
import { AGREEMENT_CASES, agreementProperty } from './support/agreement.ts';
import { bruteForceLinearizable } from './support/brute-force.ts';
import { appendAfterLostPut, casAfterLostWrite, mergeExample, type PruningExample } from './support/pruning-examples.ts';

type Variant = 'merge ignores reach' | 'domination without its condition';

const broken = vi.hoisted(() => ({ variant: undefined as Variant | undefined }));

vi.mock('../../checkers/linearizability/pruning.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../checkers/linearizability/pruning.ts')>();
  return {
    ...real,
    // Merges every state no observation ahead pins exactly, forgetting that appends can still build the value
    // a read will see from it.
    unseenBy: (...args: Parameters<typeof real.unseenBy>) => broken.variant === 'merge ignores reach' || real.unseenBy(...args),
    // Takes any legal update after an indeterminate operation to dominate it, whether or not it overwrites it.
    absorbs: (...args: Parameters<typeof real.absorbs>) => {
      const [space, op, before, after] = args;
      return broken.variant === 'domination without its condition' ? space.next(op, after) >= 0 : real.absorbs(space, op, before, after);
    },
  };
});

afterEach(() => {
  broken.variant = undefined;
});

/** Linearizable by brute force and by the real checker, rejected by the broken one: what a lost linearization looks like. */
function expectLostLinearization(history: readonly HistoryOp[], model: AnyModel, variant: Variant): void {
  expect(bruteForceLinearizable(history, model)).toBe(true);
  broken.variant = undefined;
  expect(checkLinearizability(history, model).valid).toBe(true);
  broken.variant = variant;
  expect(checkLinearizability(history, model).valid).toBe(false);
}

const BROKEN: readonly { variant: Variant; examples: PruningExample[]; cases: string[] }[] = [
  // Only kv can show it: a register's updates all overwrite, so no read sees a state through other updates.
  { variant: 'merge ignores reach', examples: [mergeExample()], cases: ['kv-append'] },
  // A register's updates all overwrite, so there the broken condition happens to hold.
  { variant: 'domination without its condition', examples: [appendAfterLostPut(), casAfterLostWrite()], cases: ['cas-register', 'kv-append'] },
];

describe.each(BROKEN.map((b) => [b.variant, b] as const))('pruning broken on purpose: %s', (variant, { examples, cases }) => {
  test.each(examples.map((e) => [e.name, e] as const))('rejects the linearizable %s', (_, example) => {
    expectLostLinearization(example.history, example.model, variant);
  });

  test.each(cases)('the brute-force property over %s histories fails, with a linearizable counterexample', (label) => {
    const c = AGREEMENT_CASES.find((a) => a.label === label);
    if (c === undefined) throw new Error(`no agreement case ${label}`);
    broken.variant = variant;
    const result = fc.check(agreementProperty(c), { numRuns: c.runs });
    expect(result.failed, `not caught in ${result.numRuns} runs (seed ${result.seed})`).toBe(true);
    const [counterexample] = result.counterexample as [HistoryOp[]];
    expectLostLinearization(counterexample, c.model, variant);
  });
});
