import { describe, expect, test } from 'vitest';
import { checkLinearizability } from '../../checkers/index.ts';
import { casRegister } from '../../checkers/linearizability/models/index.ts';
import { bigRegisterHistory, contradictoryReaders } from './support/big.ts';

describe('budgets: large histories fit, pathological ones end in unknown with the reason', () => {
  test('100,000 operations over 1,000 keys with 10 concurrent clients: linearizable within 8 MiB of search memory', () => {
    const history = bigRegisterHistory(100_000, 1_000, 10);
    const result = checkLinearizability(history, casRegister, { memoryLimitBytes: 8 * 2 ** 20 });
    expect(result.operations).toBeGreaterThanOrEqual(100_000);
    expect(result.keys).toHaveLength(1_000);
    expect(result.valid).toBe(true);
  });

  test('the pathological history is decided when small (so it is hard, not broken)', () => {
    expect(checkLinearizability(contradictoryReaders(8), casRegister).valid).toBe(false);
  });

  test('very high concurrency under a time limit: unknown, naming the limit', () => {
    const result = checkLinearizability(contradictoryReaders(40), casRegister, { timeLimitMs: 300 });
    expect(result.valid).toBe('unknown');
    expect(result.reason).toMatch(/time limit of 300 ms reached after exploring \d+ configurations/);
    expect(result.keys[0]?.reason).toMatch(/time limit/);
  });

  test('very high concurrency under a memory limit: unknown, naming the limit, never an out-of-memory crash', () => {
    const result = checkLinearizability(contradictoryReaders(40), casRegister, { memoryLimitBytes: 4 * 2 ** 20, timeLimitMs: 60_000 });
    expect(result.valid).toBe('unknown');
    expect(result.reason).toMatch(/memory limit of 4 MiB reached/);
  });
});
