import { describe, expect, test } from 'vitest';
import { sha256 } from '../../harness/io/atomic.ts';
import { runToyRegister } from '../support/toy-register.ts';

const digest = (seed: number) => {
  const sim = runToyRegister({ seed });
  return sha256(sim.history.toJsonl(), sim.trace.toJsonl());
};

describe('runtime determinism (toy register cluster under a nemesis)', () => {
  test('same seed ⇒ byte-identical history and trace, over many seeds', () => {
    for (let seed = 0; seed < 40; seed++) expect(digest(seed), `seed ${seed}`).toBe(digest(seed));
  });

  test('different seeds ⇒ different schedules', () => {
    const digests = new Set(Array.from({ length: 40 }, (_, seed) => digest(seed)));
    expect(digests.size).toBe(40);
  });

  test('the toy run actually exercises faults and produces every outcome', () => {
    const sim = runToyRegister({ seed: 5 });
    const kinds = new Set(sim.trace.events.filter((e) => e.type === 'toy.fault').map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['crash', 'partition', 'pause', 'skew']);
    const types = new Set(sim.history.ops.map((op) => op.type));
    expect([...types].sort()).toEqual(['fail', 'info', 'invoke', 'ok']);
  });
});
