/** Who served which region when (checkers/assignment/serving.ts): the derivation the checker and the report share. */
import { describe, expect, test } from 'vitest';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import { deriveServing, type RegionServing } from '../../checkers/assignment/serving.ts';
import type { TraceEvent, TraceEventFields, TraceType } from '../../schema/trace.ts';

const ev = <K extends TraceType>(time: number, type: K, fields: TraceEventFields<K>): TraceEvent => ({ time, type, ...fields }) as TraceEvent;
const opened = (time: number, region: string, server: string) => ev(time, 'region.opened', { region, table: 't', server, seqNum: 1 });
const closed = (time: number, region: string, server: string, reason?: 'abort') => ev(time, 'region.closed', { region, table: 't', server, ...(reason ? { reason } : {}) });
const fenced = (time: number, server: string) => ev(time, 'master.serverFenced', { master: 'master-1,16000,1', server, wals: 1 });
const end = (time: number) => ev(time, 'fault.quiet', {});
const Z = 'rs-1,16020,1';
const N = 'rs-2,16020,1';

function region(trace: TraceEvent[], name: string): RegionServing {
  const row = deriveServing(trace).regions.find((r) => r.region === name);
  if (row === undefined) throw new Error(`no region ${name}`);
  return row;
}

describe('serving derivation', () => {
  test('fencing ends a tenure; the zombie still believes it serves until it learns, and is no double assignment', () => {
    const trace = [opened(10, 'a', Z), fenced(40, Z), opened(60, 'a', N), ev(80, 'rs.aborted', { process: 'rs-1', server: Z, reason: 'YouAreDeadException' }), closed(80, 'a', Z, 'abort'), end(100)];
    const a = region(trace, 'a');
    expect(a.tenures.map((t) => [t.server, t.from, t.to, t.end, t.believedUntil])).toEqual([
      [Z, 10, 40, 'fenced', 80],
      [N, 60, 100, 'trace end', undefined],
    ]);
    expect(a.overlaps).toEqual([]);
    expect(a.gaps).toEqual([{ from: 40, to: 60 }]);
    expect(deriveServing(trace).doubleAssignments).toEqual([]);
  });

  test('an open a fenced server completes later (its acknowledgement read from a backlog) is belief, not a second holder', () => {
    const trace = [opened(10, 'a', N), fenced(20, Z), opened(30, 'a', Z), ev(40, 'rs.aborted', { process: 'rs-1', server: Z, reason: 'YouAreDeadException' }), end(100)];
    const a = region(trace, 'a');
    expect(a.tenures.map((t) => [t.server, t.from, t.to, t.end, t.believedUntil])).toEqual([
      [N, 10, 100, 'trace end', undefined],
      [Z, 30, 30, 'fenced', 40],
    ]);
    expect(deriveServing(trace).doubleAssignments).toEqual([]);
    // The same open by a server never fenced is a double assignment.
    expect(deriveServing([opened(10, 'a', N), opened(30, 'a', Z), end(100)]).doubleAssignments).toHaveLength(1);
  });

  test('a zombie that never learns believes to the end; one that dies stops believing then', () => {
    expect(region([opened(10, 'a', Z), fenced(40, Z), end(100)], 'a').tenures[0]?.believedUntil).toBe(100);
    expect(region([opened(10, 'a', Z), fenced(40, Z), ev(70, 'process.crash', { process: 'rs-1', incarnation: 2 }), end(100)], 'a').tenures[0]?.believedUntil).toBe(70);
  });

  test('a double assignment lasts from the second opening until all but one server stopped serving', () => {
    const trace = [opened(10, 'a', Z), opened(30, 'a', N), closed(45, 'a', Z), end(100)];
    const [overlap] = region(trace, 'a').overlaps;
    expect(overlap).toMatchObject({ from: 30, to: 45, violation: { kind: 'double-assignment', time: 30, servers: [Z, N], traceIndices: [0, 1] } });
    expect(checkAssignment(trace).violations.filter((v) => v.kind === 'double-assignment')).toEqual([overlap?.violation]);
  });

  test("a process's death ends its servers' tenures, by the role events that name both (else the ServerName's host)", () => {
    const server = 'rs-1.example.org,16020,1';
    const trace = [ev(0, 'rs.online', { process: 'rs-1', server }), opened(10, 'a', server), ev(30, 'process.crash', { process: 'rs-1', incarnation: 2 }), opened(50, 'a', N), end(100)];
    const a = region(trace, 'a');
    expect(a.tenures.map((t) => [t.process, t.to, t.end])).toEqual([
      ['rs-1', 30, 'crashed'],
      ['rs-2', 100, 'trace end'],
    ]);
    expect(a.overlaps).toEqual([]);
  });

  test('unavailable: while only a paused server holds it, and a never-opened region from its first mention; not while closed by request', () => {
    const trace = [
      opened(10, 'a', Z),
      ev(20, 'process.pause', { process: 'rs-1', incarnation: 1 }),
      ev(35, 'process.resume', { process: 'rs-1', incarnation: 1 }),
      closed(50, 'a', Z),
      ev(55, 'am.transition', { region: 'a', state: 'CLOSED', server: null }),
      ev(60, 'am.transition', { region: 'b', state: 'OPENING', server: N }),
      end(100),
    ];
    const a = region(trace, 'a');
    expect(a.frozen).toEqual([{ from: 20, to: 35, process: 'rs-1' }]);
    expect(a.gaps).toEqual([
      { from: 20, to: 35 },
      { from: 50, to: 55 },
    ]);
    expect(a.closedByRequest).toEqual([{ from: 55, to: 100 }]);
    expect(region(trace, 'b').unavailableMs).toBe(40);
    expect(checkAssignment(trace).figures.regionUnavailableMs).toEqual({ a: 20, b: 40 });
  });
});
