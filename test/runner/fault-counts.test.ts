import { describe, expect, test } from 'vitest';
import { countInjectedFaults } from '../../runner/fault-counts.ts';

describe('countInjectedFaults: the faults a sweep reports as injected', () => {
  test('a session expiry started but skipped (its target had no session) is not counted; injected ones are', () => {
    const trace = [
      { time: 1, type: 'fault.session-expiry', entry: 'faults[0]', target: 'rs-1' },
      { time: 1, type: 'fault.skipped', entry: 'faults[0]', kind: 'session-expiry', target: 'rs-1', reason: 'no session' },
      { time: 2, type: 'fault.session-expiry', entry: 'faults[1]', target: 'rs-2' },
      { time: 3, type: 'fault.crash', entry: 'triggers[0]', target: 'master-1', trigger: 'master.procedure.afterPersist' },
      { time: 4, type: 'fault.skipped', entry: 'faults[2]', kind: 'crash', target: 'rs-3', reason: 'already down' },
      { time: 5, type: 'fault.crash.end', entry: 'triggers[0]', target: 'master-1' },
      { time: 6, type: 'fault.quiet' },
      { time: 7, type: 'region.open', region: 'r1' },
    ];
    expect(countInjectedFaults(trace)).toEqual({ byKind: { 'session-expiry': 1, crash: 1 }, byTrigger: { 'master.procedure.afterPersist': 1 } });
  });
});
