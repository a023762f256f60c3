import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkLinearizability, findModel, HistoryInputError, readHistory } from '../../checkers/index.ts';

const DIR = join(import.meta.dirname, '../../../shared/histories/porcupine');
const expected = readFileSync(join(DIR, 'EXPECTED.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t') as [string, string, string]);

describe("Porcupine's histories get the verdicts its tests assert", () => {
  test('EXPECTED.tsv lists the 102 etcd logs with a verdict and the 6 kv logs', () => {
    expect(expected.filter(([file]) => file.startsWith('jepsen/'))).toHaveLength(102);
    expect(expected.filter(([file]) => file.startsWith('kv/'))).toHaveLength(6);
  });

  test.each(expected)('%s (%s): %s', (file, modelName, verdict) => {
    const { history } = readHistory(readFileSync(join(DIR, file), 'utf8'));
    const result = checkLinearizability(history, findModel(modelName) ?? fail(modelName));
    expect(result.valid).toBe(verdict === 'linearizable');
    if (result.valid === false) {
      const failing = result.keys.filter((k) => k.valid === false);
      expect(failing.length).toBeGreaterThan(0);
      for (const key of failing) expect(key.evidence?.cannotLinearize.length).toBeGreaterThan(0);
    }
  });

  test.each(['kv/c10-bad.txt', 'kv/c50-bad.txt'])('%s with allKeys: every one of its 10 keys decided', (file) => {
    const { history } = readHistory(readFileSync(join(DIR, file), 'utf8'));
    const result = checkLinearizability(history, findModel('kv-append') ?? fail('kv-append'), { allKeys: true });
    expect(result.keys).toHaveLength(10);
    expect(result.keys.filter((k) => k.valid === 'unknown')).toEqual([]);
    expect(result.keys.some((k) => k.valid === false)).toBe(true);
  });

  test('etcd_095.log, the run that never started, is an empty history, not a verdict', () => {
    expect(() => readHistory(readFileSync(join(DIR, 'jepsen/etcd_095.log'), 'utf8'))).toThrow(HistoryInputError);
    expect(() => readHistory('')).toThrow(/empty history/);
  });
});

function fail(name: string): never {
  throw new Error(`no model ${name}`);
}
