import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Seeds, isValidSeed } from '../../harness/random.ts';

const draw = (seeds: Seeds, name: string, n: number) => Array.from({ length: n }, () => seeds.stream(name).float());

describe('harness/random', () => {
  test('same seed and name give the same values', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), (seed, name) => {
        expect(draw(new Seeds(seed), name, 20)).toEqual(draw(new Seeds(seed), name, 20));
      }),
    );
  });

  test('draws from one stream never change another stream', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 200 }), (seed, extra) => {
        const quiet = new Seeds(seed);
        const noisy = new Seeds(seed);
        for (let i = 0; i < extra; i++) noisy.stream('workload/client-1').float();
        expect(draw(noisy, 'network', 10)).toEqual(draw(quiet, 'network', 10));
      }),
    );
  });

  test('different seeds and different names give different sequences', () => {
    expect(draw(new Seeds(1), 'a', 5)).not.toEqual(draw(new Seeds(2), 'a', 5));
    expect(draw(new Seeds(1), 'a', 5)).not.toEqual(draw(new Seeds(1), 'b', 5));
  });

  test('int stays in range and reaches both ends', () => {
    const s = new Seeds(7).stream('ints');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = s.int(3, 6);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(6);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  test('shuffled is a permutation and leaves its input alone', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = new Seeds(3).stream('s').shuffled(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...out].sort()).toEqual(input);
  });

  test('seed validation', () => {
    expect(isValidSeed(0)).toBe(true);
    expect(isValidSeed(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isValidSeed(-1)).toBe(false);
    expect(isValidSeed(1.5)).toBe(false);
    expect(isValidSeed(2 ** 60)).toBe(false);
    expect(() => new Seeds(-1)).toThrow(RangeError);
  });
});
