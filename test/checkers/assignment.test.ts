import { describe, expect, test } from 'vitest';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import type { ClusterSnapshot } from '../../schema/snapshot.ts';
import type { TraceEvent, TraceEventFields, TraceType } from '../../schema/trace.ts';

const ev = <K extends TraceType>(time: number, type: K, fields: TraceEventFields<K>): TraceEvent => ({ time, type, ...fields }) as TraceEvent;
const active = (time: number, server: string) => ev(time, 'master.active', { process: server.split(',')[0] as string, server, token: time });
const opened = (time: number, region: string, server: string) => ev(time, 'region.opened', { region, table: 't', server, seqNum: 1 });
const closed = (time: number, region: string, server: string) => ev(time, 'region.closed', { region, table: 't', server });
const loaded = (time: number, server: string) => ev(time, 'master.procedures.loaded', { server, procedures: 0, log: 1 });

/** A healthy end state: one master, one table of two regions open once each, meta agreeing. */
function final(time: number, overrides: Partial<ClusterSnapshot> = {}): TraceEvent {
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
      active(0, 'm1,16000,1'),
      loaded(10, 'm1,16000,1'),
      ev(20, 'master.initialized', { process: 'm1', server: 'm1,16000,1' }),
      opened(30, 'a', 'rs-1,16020,1'),
      closed(40, 'a', 'rs-1,16020,1'),
      opened(90, 'a', 'rs-1,16020,1'),
      final(100),
    ];
    const r = checkAssignment(trace);
    expect(r.violations).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.figures.regionUnavailableMs).toEqual({ a: 50 });
  });

  test('no end snapshot: unknown, with the reason', () => {
    const r = checkAssignment([opened(0, 'a', 's,1,1')]);
    expect(r.valid).toBe('unknown');
    expect(r.reason).toMatch(/cluster.final/);
  });

  test('double assignment: a region opened while another server still serves it', () => {
    const trace = [opened(10, 'a', 'rs-1,16020,1'), opened(20, 'a', 'rs-2,16020,1'), final(100)];
    const r = checkAssignment(trace);
    expect(r.valid).toBe(false);
    expect(r.violations[0]).toMatchObject({ kind: 'double-assignment', region: 'a', servers: ['rs-1,16020,1', 'rs-2,16020,1'], traceIndices: [0, 1] });
  });

  test.each([
    ['its WALs were fenced', ev(15, 'master.serverFenced', { master: 'm1,16000,1', server: 'rs-1,16020,1', wals: 1 })],
    ['it aborted', ev(15, 'rs.aborted', { process: 'rs-1', server: 'rs-1,16020,1', reason: 'YouAreDeadException' })],
    ['its process crashed', ev(15, 'process.crash', { process: 'rs-1', incarnation: 2 })],
    ['it closed the region', closed(15, 'a', 'rs-1,16020,1')],
  ])('no double assignment once the first server stopped serving because %s', (_why, stop) => {
    const trace = [opened(10, 'a', 'rs-1,16020,1'), stop, opened(20, 'a', 'rs-2,16020,1'), final(100)];
    expect(kinds(trace)).toEqual([]);
  });

  test('split brain: a deposed master makes durable progress after the new master fenced the store', () => {
    const trace = [
      active(0, 'm1,16000,1'),
      active(50, 'm2,16000,1'),
      loaded(60, 'm2,16000,1'),
      ev(70, 'procedure.finished', { master: 'm1,16000,1', procId: 9, procedure: 'TransitRegionStateProcedure', result: 'SUCCESS' }),
      final(100, { activeMasters: ['m2,16000,1'] }),
    ];
    expect(kinds(trace)).toEqual(['split-brain-master']);
  });

  test('not split brain: the deposed master only learns late of a write the new master loaded as finished', () => {
    const trace = [
      active(0, 'm1,16000,1'),
      active(50, 'm2,16000,1'),
      ev(59, 'procedure.loaded', { master: 'm2,16000,1', procId: 9, procedure: 'TransitRegionStateProcedure', state: 'REGION_STATE_TRANSITION_CONFIRM_OPENED', status: 'SUCCESS' }),
      loaded(60, 'm2,16000,1'),
      ev(70, 'procedure.finished', { master: 'm1,16000,1', procId: 9, procedure: 'TransitRegionStateProcedure', result: 'SUCCESS' }),
      final(100, { activeMasters: ['m2,16000,1'] }),
    ];
    expect(kinds(trace)).toEqual([]);
  });

  test.each<[string, Partial<ClusterSnapshot>, RegExp]>([
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
      ev(1, 'admin.complete', { op: 'createTable', table: 'gone', splitKeys: [], outcome: 'ok' }),
      ev(2, 'admin.complete', { op: 'disableTable', table: 't', outcome: 'ok' }),
      ev(3, 'admin.invoke', { op: 'move', region: 'b', destination: null }),
      ev(4, 'admin.complete', { op: 'move', region: 'b', destination: null, outcome: 'ok' }),
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
      ev(4, 'admin.invoke', { op: 'move', region: 'b', destination: null }),
      ev(5, 'admin.complete', { op: 'move', region: 'b', destination: null, outcome: 'ok' }),
      opened(6, 'b', 'rs-2,16020,1'),
      final(100),
    ];
    expect(kinds(trace)).toEqual([]);
  });
});
