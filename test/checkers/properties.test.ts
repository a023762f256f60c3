import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkLinearizability } from '../../checkers/linearizability/check.ts';
import { casRegister, kvAppend, register } from '../../checkers/linearizability/models/index.ts';
import { AGREEMENT_CASES, agreementProperty, expectAgreement } from './support/agreement.ts';
import { bruteForceLinearizable, isLinearization } from './support/brute-force.ts';
import { choicesArb, kvRun, registerRun, spoil } from './support/histories.ts';
import { appendAfterLostPut, casAfterLostWrite, mergeExample } from './support/pruning-examples.ts';

describe('histories linearizable by construction', () => {
  test('concurrent clients of an atomic register, some outcomes lost: linearizable, with a witness that checks out', () => {
    fc.assert(
      fc.property(choicesArb(160), fc.integer({ min: 1, max: 6 }), fc.boolean(), (choices, clients, twoKeys) => {
        const history = registerRun(choices, { clients, keys: twoKeys ? ['a', 'b'] : ['a'] });
        const result = checkLinearizability(history, casRegister, { witness: true, allKeys: true });
        expect(result.valid).toBe(true);
        for (const key of result.keys) expect(isLinearization(history, casRegister, key.key, key.linearization ?? [])).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('read/write only, checked as a plain register (whose writes overwrite: unseen states are merged)', () => {
    fc.assert(
      fc.property(choicesArb(160), fc.integer({ min: 1, max: 6 }), (choices, clients) => {
        const history = registerRun(choices, { clients, keys: ['a'], noCas: true });
        const result = checkLinearizability(history, register, { witness: true });
        expect(result.valid).toBe(true);
        expect(isLinearization(history, register, 'a', result.keys[0]?.linearization ?? [])).toBe(true);
        const spoiled = spoil(history, choices.length, false);
        if (spoiled !== undefined) expect(checkLinearizability(spoiled, register).valid).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  test('clients of a key-value store (put, append, get over a small alphabet): linearizable, with a witness', () => {
    fc.assert(
      fc.property(choicesArb(200), fc.integer({ min: 1, max: 6 }), fc.boolean(), (choices, clients, twoKeys) => {
        const history = kvRun(choices, { clients, keys: twoKeys ? ['a', 'b'] : ['a'] });
        const result = checkLinearizability(history, kvAppend, { witness: true, allKeys: true });
        expect(result.valid).toBe(true);
        for (const key of result.keys) expect(isLinearization(history, kvAppend, key.key, key.linearization ?? [])).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test('the same histories checked key by key and as one state agree', () => {
    fc.assert(
      fc.property(choicesArb(40), fc.integer({ min: 1, max: 4 }), (choices, clients) => {
        const history = registerRun(choices, { clients, keys: ['a', 'b', 'c'] });
        expect(checkLinearizability(history, casRegister, { partition: false }).valid).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('histories made certainly illegal', () => {
  test('a read of a value nothing wrote, or of a value written only by an operation invoked after the read completed', () => {
    fc.assert(
      fc.property(choicesArb(160), fc.integer({ min: 1, max: 6 }), fc.nat(), fc.boolean(), (choices, clients, pick, fromTheFuture) => {
        const history = registerRun(choices, { clients, keys: ['a'], uniqueValues: true });
        const spoiled = spoil(history, pick, fromTheFuture);
        fc.pre(spoiled !== undefined);
        const result = checkLinearizability(spoiled as typeof history, casRegister);
        expect(result.valid).toBe(false);
        const failing = result.keys.find((k) => k.valid === false);
        expect(failing?.evidence?.cannotLinearize.length).toBeGreaterThan(0);
        expect(JSON.parse(JSON.stringify(failing?.evidence))).toEqual(failing?.evidence);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the fast checker agrees with brute force', () => {
  test.each(AGREEMENT_CASES.map((c) => [c.label, c] as const))('%s: several clients, random intervals, values and outcomes (ok, fail, cas mismatch, info, never completed)', (_, c) => {
    const verdicts = { linearizable: 0 };
    fc.assert(agreementProperty(c, verdicts), { numRuns: c.runs });
    // Both verdicts must actually occur, or the comparison proves little.
    expect(verdicts.linearizable).toBeGreaterThan(c.runs * 0.3);
    expect(verdicts.linearizable).toBeLessThan(c.runs * 0.95);
  });

  // What the property found when a pruning was broken on purpose (broken-pruning.test.ts), kept as regressions.
  test.each([mergeExample(), appendAfterLostPut(), casAfterLostWrite()].map((e) => [e.name, e] as const))('linearizable, though a broken pruning says not: %s', (_, example) => {
    expect(bruteForceLinearizable(example.history, example.model)).toBe(true);
    expect(expectAgreement(example.history, example.model)).toBe(true);
  });
});
