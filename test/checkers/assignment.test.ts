import { describe, expect, test } from 'vitest';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import type { TraceEvent } from '../../harness/trace.ts';

const ev = (time: number, type: string, fields: Record<string, unknown> = {}): TraceEvent => ({ time, type, ...fields });

/** A healthy end state: one master, one table of two regions open once each, meta agreeing. */
function final(time: number, overrides: Record<string, unknown> = {}): TraceEvent {
  return ev(time, 'cluster.final', {
    activeMasters: ['m1,16000,1'],
    regionServers: { 'rs-1,16020,1': ['1588230740', 'a'], 'rs-2,16020,1': ['b'] },
    meta: { a: { table: 't', state: 'OPEN', server: 'rs-1,16020,1' }, b: { table: 't', state: 'OPEN', server: 'rs-2,16020,1' } },
    tables: { t: 'ENABLED' },
    metaLocation: { server: 'rs-1,16020,1', state: 'OPEN' },
    ...overrides,
  });
}

const kinds = (trace: TraceEvent[]) => checkAssignment(trace).violations.map((v) => v.kind);

describe('assignment checker', () => {
  test('a correct run is valid, with availability figures', () => {
    const trace = [
      ev(0, 'master.active', { server: 'm1,16000,1' }),
      ev(10, 'master.procedures.loaded', { server: 'm1,16000,1' }),
      ev(20, 'master.initialized', { server: 'm1,16000,1' }),
      ev(30, 'region.opened', { region: 'a', server: 'rs-1,16020,1' }),
      ev(40, 'region.closed', { region: 'a', server: 'rs-1,16020,1' }),
      ev(90, 'region.opened', { region: 'a', server: 'rs-1,16020,1' }),
      final(100),
    ];
    const r = checkAssignment(trace);
    expect(r.violations).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.figures.regionUnavailableMs).toEqual({ a: 50 });
  });

  test('no end snapshot: unknown, with the reason', () => {
    const r = checkAssignment([ev(0, 'region.opened', { region: 'a', server: 's,1,1' })]);
    expect(r.valid).toBe('unknown');
    expect(r.reason).toMatch(/cluster.final/);
  });

  test('double assignment: a region opened while another server still serves it', () => {
    const trace = [ev(10, 'region.opened', { region: 'a', server: 'rs-1,16020,1' }), ev(20, 'region.opened', { region: 'a', server: 'rs-2,16020,1' }), final(100)];
    const r = checkAssignment(trace);
    expect(r.valid).toBe(false);
    expect(r.violations[0]).toMatchObject({ kind: 'double-assignment', region: 'a', servers: ['rs-1,16020,1', 'rs-2,16020,1'], traceIndices: [0, 1] });
  });

  test.each([
    ['its WALs were fenced', ev(15, 'master.serverFenced', { server: 'rs-1,16020,1' })],
    ['it aborted', ev(15, 'rs.aborted', { server: 'rs-1,16020,1' })],
    ['its process crashed', ev(15, 'process.crash', { process: 'rs-1' })],
    ['it closed the region', ev(15, 'region.closed', { region: 'a', server: 'rs-1,16020,1' })],
  ])('no double assignment once the first server stopped serving because %s', (_why, stop) => {
    const trace = [ev(10, 'region.opened', { region: 'a', server: 'rs-1,16020,1' }), stop, ev(20, 'region.opened', { region: 'a', server: 'rs-2,16020,1' }), final(100)];
    expect(kinds(trace)).toEqual([]);
  });

  test('split brain: a deposed master makes durable progress after the new master fenced the store', () => {
    const trace = [
      ev(0, 'master.active', { server: 'm1,16000,1' }),
      ev(50, 'master.active', { server: 'm2,16000,1' }),
      ev(60, 'master.procedures.loaded', { server: 'm2,16000,1' }),
      ev(70, 'procedure.finished', { master: 'm1,16000,1', procId: 9, procedure: 'TransitRegionStateProcedure', result: 'SUCCESS' }),
      final(100, { activeMasters: ['m2,16000,1'] }),
    ];
    expect(kinds(trace)).toEqual(['split-brain-master']);
  });

  test('not split brain: the deposed master only learns late of a write the new master loaded as finished', () => {
    const trace = [
      ev(0, 'master.active', { server: 'm1,16000,1' }),
      ev(50, 'master.active', { server: 'm2,16000,1' }),
      ev(59, 'procedure.loaded', { master: 'm2,16000,1', procId: 9, status: 'SUCCESS' }),
      ev(60, 'master.procedures.loaded', { server: 'm2,16000,1' }),
      ev(70, 'procedure.finished', { master: 'm1,16000,1', procId: 9, procedure: 'TransitRegionStateProcedure', result: 'SUCCESS' }),
      final(100, { activeMasters: ['m2,16000,1'] }),
    ];
    expect(kinds(trace)).toEqual([]);
  });

  test.each([
    ['no active master', { activeMasters: [] }, /one active master/],
    ['a region of an enabled table open nowhere', { regionServers: { 'rs-1,16020,1': ['1588230740', 'a'] } }, /region b of enabled table t is not open anywhere/],
    ['meta disagreeing with the servers', { meta: { a: { table: 't', state: 'OPEN', server: 'rs-2,16020,1' }, b: { table: 't', state: 'OPEN', server: 'rs-2,16020,1' } } }, /meta says region a is OPEN on rs-2/],
    ['a region open on two servers', { regionServers: { 'rs-1,16020,1': ['1588230740', 'a', 'b'], 'rs-2,16020,1': ['b'] } }, /region b is open on 2 servers/],
    ['a disabled table with an open region', { tables: { t: 'DISABLED' } }, /of disabled table t is open/],
    ['a table stuck in transition', { tables: { t: 'DISABLING' } }, /stuck DISABLING/],
    ['meta served by nobody', { metaLocation: { server: 'rs-2,16020,1', state: 'OPEN' } }, /hbase:meta is OPEN on rs-2/],
  ])('end state: %s is a violation', (_name, overrides, message) => {
    const r = checkAssignment([final(100, overrides)]);
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => v.message).join('\n')).toMatch(message);
  });

  test('acknowledged admin operations must have taken effect', () => {
    const trace = [
      ev(1, 'admin.complete', { op: 'createTable', table: 'gone', outcome: 'ok' }),
      ev(2, 'admin.complete', { op: 'disableTable', table: 't', outcome: 'ok' }),
      ev(3, 'admin.invoke', { op: 'move', region: 'b' }),
      ev(4, 'admin.complete', { op: 'move', region: 'b', outcome: 'ok' }),
      final(100),
    ];
    const messages = checkAssignment(trace).violations.map((v) => v.message);
    expect(messages).toEqual([
      'table gone was created (acknowledged) but does not exist at the end',
      'table t was last disabled (acknowledged) but ends ENABLED',
      'move of b was acknowledged but the region never reopened',
    ]);
  });

  test('an enable whose outcome is unknown excuses the end state; a move reopened just after its ack is fine', () => {
    const trace = [
      ev(2, 'admin.complete', { op: 'disableTable', table: 't', outcome: 'ok' }),
      ev(3, 'admin.complete', { op: 'enableTable', table: 't', outcome: 'info', error: 'timeout' }),
      ev(4, 'admin.invoke', { op: 'move', region: 'b' }),
      ev(5, 'admin.complete', { op: 'move', region: 'b', outcome: 'ok' }),
      ev(6, 'region.opened', { region: 'b', server: 'rs-2,16020,1' }),
      final(100),
    ];
    expect(kinds(trace)).toEqual([]);
  });
});
