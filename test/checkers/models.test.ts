import { describe, expect, test } from 'vitest';
import type { HistoryOp } from '../../harness/history.ts';
import { checkLinearizability, type AnyModel } from '../../checkers/index.ts';
import { casRegister, kvAppend, register } from '../../checkers/linearizability/models/index.ts';

/**
 * Histories written as events in time order: `[process, type, f, value, error?]`, on key "a" unless the f is
 * written `key:f`.
 */
type Event = [number, HistoryOp['type'], string, unknown, string?];

function history(events: readonly Event[]): HistoryOp[] {
  return events.map(([process, type, f, value, error], index) => {
    const [key, name] = f.includes(':') ? (f.split(':') as [string, string]) : ['a', f];
    const op: HistoryOp = { index, time: index * 10, process, type, f: name, key, value };
    if (error !== undefined) op.error = error;
    return op;
  });
}

const verdict = (model: AnyModel, events: readonly Event[]) => checkLinearizability(history(events), model).valid;

describe('register', () => {
  test('a read sees the last completed write, or a concurrent one', () => {
    expect(verdict(register, [[1, 'invoke', 'write', 1], [1, 'ok', 'write', 1], [2, 'invoke', 'read', null], [2, 'ok', 'read', 1]])).toBe(true);
    expect(verdict(register, [[1, 'invoke', 'write', 1], [1, 'ok', 'write', 1], [2, 'invoke', 'read', null], [2, 'ok', 'read', null]])).toBe(false);
    expect(verdict(register, [[1, 'invoke', 'write', 1], [2, 'invoke', 'read', null], [2, 'ok', 'read', null], [1, 'ok', 'write', 1]])).toBe(true);
    expect(verdict(register, [[1, 'invoke', 'write', 1], [2, 'invoke', 'read', null], [2, 'ok', 'read', 1], [1, 'ok', 'write', 1]])).toBe(true);
  });

  test('an indeterminate write may take effect at any time after its invocation, or never, but not before it', () => {
    const lost: Event[] = [[1, 'invoke', 'write', 1], [1, 'info', 'write', 1, 'timeout']];
    expect(verdict(register, [...lost, [2, 'invoke', 'read', null], [2, 'ok', 'read', 1]])).toBe(true);
    expect(verdict(register, [...lost, [2, 'invoke', 'read', null], [2, 'ok', 'read', null]])).toBe(true);
    expect(verdict(register, [...lost, [2, 'invoke', 'read', null], [2, 'ok', 'read', null], [3, 'invoke', 'read', null], [3, 'ok', 'read', 1]])).toBe(true);
    expect(verdict(register, [[2, 'invoke', 'read', null], [2, 'ok', 'read', 1], ...lost])).toBe(false);
    // Never completing at all is the same as info.
    expect(verdict(register, [[1, 'invoke', 'write', 1], [2, 'invoke', 'read', null], [2, 'ok', 'read', 1]])).toBe(true);
  });

  test('a failed write certainly had no effect', () => {
    expect(verdict(register, [[1, 'invoke', 'write', 1], [1, 'fail', 'write', 1, 'rejected'], [2, 'invoke', 'read', null], [2, 'ok', 'read', 1]])).toBe(false);
  });
});

describe('cas-register', () => {
  const written: Event[] = [[1, 'invoke', 'write', 1], [1, 'ok', 'write', 1]];

  test('an ok cas swapped, so the register held its old value', () => {
    expect(verdict(casRegister, [...written, [2, 'invoke', 'cas', [1, 2]], [2, 'ok', 'cas', [1, 2]], [3, 'invoke', 'read', null], [3, 'ok', 'read', 2]])).toBe(true);
    expect(verdict(casRegister, [...written, [2, 'invoke', 'cas', [3, 2]], [2, 'ok', 'cas', [3, 2]]])).toBe(false);
  });

  test('a cas failing with "mismatch" observed another value than its old one', () => {
    expect(verdict(casRegister, [...written, [2, 'invoke', 'cas', [1, 2]], [2, 'fail', 'cas', [1, 2], 'mismatch']])).toBe(false);
    expect(verdict(casRegister, [...written, [2, 'invoke', 'cas', [3, 2]], [2, 'fail', 'cas', [3, 2], 'mismatch']])).toBe(true);
  });

  test('a cas failing otherwise had no effect and observed nothing', () => {
    expect(verdict(casRegister, [...written, [2, 'invoke', 'cas', [1, 2]], [2, 'fail', 'cas', [1, 2], 'timeout-before-send']])).toBe(true);
    expect(verdict(casRegister, [...written, [2, 'invoke', 'cas', [1, 2]], [2, 'fail', 'cas', [1, 2]], [3, 'invoke', 'read', null], [3, 'ok', 'read', 2]])).toBe(false);
  });

  test('an indeterminate cas swaps only if the register held its old value when it took effect', () => {
    const lost: Event[] = [[2, 'invoke', 'cas', [1, 2]], [2, 'info', 'cas', [1, 2]]];
    expect(verdict(casRegister, [...written, ...lost, [3, 'invoke', 'read', null], [3, 'ok', 'read', 2]])).toBe(true);
    expect(verdict(casRegister, [...lost, ...written, [3, 'invoke', 'read', null], [3, 'ok', 'read', 2]])).toBe(true);
    expect(verdict(casRegister, [[4, 'invoke', 'write', 5], [4, 'ok', 'write', 5], ...lost, [3, 'invoke', 'read', null], [3, 'ok', 'read', 2]])).toBe(false);
  });
});

describe('kv-append', () => {
  test('get returns the whole value; a missing key reads as ""; appends concatenate in the order they took effect', () => {
    const appends: Event[] = [[1, 'invoke', 'append', 'x'], [2, 'invoke', 'append', 'y'], [1, 'ok', 'append', 'x'], [2, 'ok', 'append', 'y']];
    expect(verdict(kvAppend, [[3, 'invoke', 'get', null], [3, 'ok', 'get', ''], ...appends, [3, 'invoke', 'get', null], [3, 'ok', 'get', 'yx']])).toBe(true);
    expect(verdict(kvAppend, [[3, 'invoke', 'get', null], [3, 'ok', 'get', null], ...appends, [3, 'invoke', 'get', null], [3, 'ok', 'get', 'xy']])).toBe(true);
    expect(verdict(kvAppend, [...appends, [3, 'invoke', 'get', null], [3, 'ok', 'get', 'x']])).toBe(false);
    expect(verdict(kvAppend, [...appends, [4, 'invoke', 'put', 'z'], [4, 'ok', 'put', 'z'], [3, 'invoke', 'get', null], [3, 'ok', 'get', 'z']])).toBe(true);
  });

  test('states no read can see before the next put are one state to the search, but only those', () => {
    // After both puts, the state is "x" or "y" by their order; put(w) is pending, so a state that no get can
    // still see is as good as any other. "y" is such a state; "x" is not: with append(z) it explains get → "xz".
    const events: Event[] = [
      [1, 'invoke', 'put', 'x'],
      [2, 'invoke', 'put', 'y'],
      [1, 'ok', 'put', 'x'],
      [2, 'ok', 'put', 'y'],
      [3, 'invoke', 'put', 'w'],
      [4, 'invoke', 'append', 'z'],
      [4, 'ok', 'append', 'z'],
      [5, 'invoke', 'get', null],
      [5, 'ok', 'get', 'xz'],
      [3, 'ok', 'put', 'w'],
    ];
    expect(verdict(kvAppend, events)).toBe(true);
    expect(verdict(kvAppend, events.map((e) => (e[1] === 'ok' && e[2] === 'get' ? [5, 'ok', 'get', 'yz'] : e)))).toBe(true);
    expect(verdict(kvAppend, events.map((e) => (e[1] === 'ok' && e[2] === 'get' ? [5, 'ok', 'get', 'xy'] : e)))).toBe(false);
  });

  test('keys are checked on their own (P-compositionality)', () => {
    const result = checkLinearizability(history([[1, 'invoke', 'b:put', 'x'], [1, 'ok', 'b:put', 'x'], [2, 'invoke', 'a:get', null], [2, 'ok', 'a:get', 'x']]), kvAppend, { allKeys: true });
    expect(result.valid).toBe(false);
    expect(result.keys.map((k) => [k.key, k.valid])).toEqual([
      ['b', true],
      ['a', false],
    ]);
  });
});

describe('evidence', () => {
  test('the longest linearizable prefix with the state after each step, and what could not follow it, as plain JSON', () => {
    const events: Event[] = [
      [1, 'invoke', 'write', 1],
      [1, 'ok', 'write', 1],
      [2, 'invoke', 'write', 2],
      [2, 'ok', 'write', 2],
      [3, 'invoke', 'read', null],
      [3, 'ok', 'read', 1],
    ];
    const result = checkLinearizability(history(events), register);
    const evidence = result.keys[0]?.evidence;
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(evidence?.initialState).toBeNull();
    expect(evidence?.longestPrefix.steps.map((s) => [s.op.description, s.state])).toEqual([
      ['write(1)', 1],
      ['write(2)', 2],
    ]);
    expect(evidence?.stateAfterPrefix).toBe(2);
    expect(evidence?.cannotLinearize).toEqual([
      { process: 3, key: 'a', f: 'read', value: null, output: 1, type: 'ok', invoke: { index: 4, time: 40 }, complete: { index: 5, time: 50 }, description: 'read → 1' },
    ]);
    expect(evidence?.explanation).toMatch(/read → 1 cannot see its value: the state is 2/);
  });
});
