/**
 * The checker against brute force, as a property shared by the property tests and by the tests that break a
 * pruning on purpose to show the property notices (broken-pruning.test.ts).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { HistoryOp } from '../../../harness/history.ts';
import { checkLinearizability } from '../../../checkers/linearizability/check.ts';
import type { AnyModel } from '../../../checkers/linearizability/model.ts';
import { casRegister, kvAppend, register } from '../../../checkers/linearizability/models/index.ts';
import { bruteForceLinearizable, isLinearization } from './brute-force.ts';
import { randomHistoryArb, type ModelName, type RandomHistoryOptions } from './random-histories.ts';

export interface AgreementCase {
  label: string;
  name: ModelName;
  model: AnyModel;
  histories: RandomHistoryOptions;
  /** Runs of the property: together the cases take a few seconds. */
  runs: number;
}

/**
 * Big enough for the pruning to matter, small enough for brute force. The single-key kv case gets the most
 * runs: a broken unseen-state merge (which only kv can show: a register's updates all overwrite) needs a put
 * and an append racing under a read that sees their result, and is found in about 300 runs on average.
 */
export const AGREEMENT_CASES: readonly AgreementCase[] = [
  { label: 'register', name: 'register', model: register, histories: { maxOps: 14, clients: 4 }, runs: 500 },
  { label: 'cas-register', name: 'cas-register', model: casRegister, histories: { maxOps: 14, clients: 4 }, runs: 700 },
  { label: 'kv-append', name: 'kv-append', model: kvAppend, histories: { maxOps: 14, clients: 4 }, runs: 3000 },
  { label: 'kv-append, two keys', name: 'kv-append', model: kvAppend, histories: { maxOps: 14, clients: 4, keys: 2 }, runs: 300 },
];

/**
 * Brute force's verdict, after expecting the checker's to be the same (key by key and unpartitioned) and, when
 * linearizable, its witness to check out.
 */
export function expectAgreement(history: readonly HistoryOp[], model: AnyModel): boolean {
  const expected = bruteForceLinearizable(history, model);
  const result = checkLinearizability(history, model, { witness: true, allKeys: true });
  expect(result.valid).toBe(expected);
  expect(checkLinearizability(history, model, { partition: false }).valid).toBe(expected);
  if (expected) for (const key of result.keys) expect(isLinearization(history, model, key.key, key.linearization ?? [])).toBe(true);
  return expected;
}

export function agreementProperty(c: AgreementCase, verdicts?: { linearizable: number }): fc.IPropertyWithHooks<[HistoryOp[]]> {
  return fc.property(randomHistoryArb(c.name, c.histories), (history) => {
    if (expectAgreement(history, c.model) && verdicts !== undefined) verdicts.linearizable++;
  });
}
