import { describe, expect, test } from 'vitest';
import { evidenceIndices } from '../../reports/evidence.ts';
import { buildFaults } from '../../reports/faults.ts';
import { buildMarkers } from '../../reports/markers.ts';
import { latencyByF, percentile } from '../../reports/figures.ts';
import type { ReportHistoryOp } from '../../reports/input.ts';
import { pairOperations } from '../../reports/operations.ts';
import { buildProcedures } from '../../reports/procedures.ts';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import { buildRegions } from '../../reports/regions.ts';
import { buildServers, masterAvailability } from '../../reports/servers.ts';
import { isTraceEvent, type TraceEvent, type TraceEventFields, type TraceRecord, type TraceType } from '../../schema/index.ts';

/** An event of the vocabulary, with the fields it declares. */
const ev = <K extends TraceType>(time: number, type: K, fields: TraceEventFields<K>): TraceEvent => ({ time, type, ...fields }) as TraceEvent;
/** Any record, as a trace from elsewhere may hold. */
const record = (time: number, type: string, fields: Record<string, unknown> = {}): TraceRecord => ({ time, type, ...fields });

describe('operations', () => {
  test('pairs invocations with completions per process; info and never-completed ops stay open-ended', () => {
    const h: ReportHistoryOp[] = [
      { index: 0, time: 10, process: 1, type: 'invoke', f: 'write', key: 'k', value: 1 },
      { index: 1, time: 11, process: 2, type: 'invoke', f: 'read', key: 'k', value: null },
      { index: 2, time: 15, process: 1, type: 'ok', f: 'write', key: 'k', value: 1 },
      { index: 3, time: 40, process: 2, type: 'info', f: 'read', key: 'k', value: null, error: 'timeout' },
      { index: 4, time: 50, process: 3, type: 'invoke', f: 'cas', key: 'k', value: [1, 2] },
      { index: 5, time: 60, process: 9, type: 'ok', f: 'read', key: 'k', value: 1 },
    ];
    const { operations, orphans } = pairOperations(h);
    expect(orphans).toBe(1);
    expect(operations.map((o) => [o.invokeIndex, o.outcome, o.completedAt])).toEqual([
      [0, 'ok', 15],
      [1, 'info', 40],
      [4, 'open', undefined],
    ]);
  });

  test('latency percentiles use nearest rank over ok and fail only', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([], 50)).toBeUndefined();
    const ops = pairOperations([
      { index: 0, time: 0, process: 1, type: 'invoke', f: 'read', key: 'k', value: null },
      { index: 1, time: 10, process: 1, type: 'ok', f: 'read', key: 'k', value: 1 },
      { index: 2, time: 0, process: 2, type: 'invoke', f: 'read', key: 'k', value: null },
      { index: 3, time: 1000, process: 2, type: 'info', f: 'read', key: 'k', value: null },
    ]).operations;
    const read = latencyByF(ops).find((r) => r.f === 'read');
    expect(read).toMatchObject({ count: 2, ok: 1, info: 1, p50: 10, max: 10 });
  });
});

describe('servers', () => {
  const trace = [
    ev(0, 'process.spawn', { process: 'master-1', incarnation: 1 }),
    ev(0, 'process.spawn', { process: 'master-2', incarnation: 1 }),
    ev(0, 'process.spawn', { process: 'rs-1', incarnation: 1 }),
    ev(0, 'process.spawn', { process: 'zookeeper', incarnation: 1 }),
    ev(10, 'master.active', { process: 'master-1', server: 'm1,16000,1', token: 1 }),
    ev(10, 'master.backup', { process: 'master-2', server: 'm2,16000,1' }),
    ev(20, 'master.initialized', { process: 'master-1', server: 'm1,16000,1' }),
    ev(20, 'rs.online', { process: 'rs-1', server: 'rs1,16020,1' }),
    ev(100, 'process.pause', { process: 'rs-1', incarnation: 1 }),
    ev(150, 'process.resume', { process: 'rs-1', incarnation: 1 }),
    ev(200, 'master.aborted', { process: 'master-1', server: 'm1,16000,1', reason: 'session expired' }),
    ev(210, 'process.crash', { process: 'master-1', incarnation: 1 }),
    ev(300, 'master.active', { process: 'master-2', server: 'm2,16000,1', token: 2 }),
    ev(400, 'master.initialized', { process: 'master-2', server: 'm2,16000,1' }),
  ];

  test('derives each process state over time, returning to the state before a pause', () => {
    const { lanes, processOfServer } = buildServers(trace, 500);
    expect(lanes.map((l) => [l.kind, l.process])).toEqual([
      ['master', 'master-1'],
      ['master', 'master-2'],
      ['regionserver', 'rs-1'],
      ['process', 'zookeeper'],
    ]);
    const states = (id: string) => lanes.find((l) => l.process === id)?.segments.map((s) => [s.state, s.from, s.to]);
    expect(states('master-1')).toEqual([['starting', 0, 10], ['active', 10, 20], ['initialized', 20, 200], ['aborted', 200, 210], ['dead', 210, 500]]);
    expect(states('rs-1')).toEqual([['starting', 0, 20], ['online', 20, 100], ['paused', 100, 150], ['online', 150, 500]]);
    expect(states('zookeeper')).toEqual([['running', 0, 500]]);
    expect(processOfServer.get('rs1,16020,1')).toBe('rs-1');
  });

  test('master availability: failover gaps after the first active master, with who took over', () => {
    const { lanes } = buildServers(trace, 500);
    const m = masterAvailability(lanes, 0, 500);
    expect(m.firstActive).toBe(10);
    expect(m.startupMs).toBe(10);
    expect(m.gaps).toEqual([{ from: 200, to: 300, endedBy: expect.stringContaining('master-1 aborted'), next: 'master-2', initializedAt: 400 }]);
    expect(m.withoutActiveMs).toBe(100);
    expect(m.overlaps).toEqual([]);
  });

  test('copes with no masters at all and with unknown events', () => {
    const { lanes } = buildServers([record(5, 'mystery.thing', { process: 'rs-1' })].filter(isTraceEvent), 10);
    expect(lanes).toEqual([]);
    expect(masterAvailability(lanes, 0, 10)).toMatchObject({ firstActive: undefined, gaps: [], withoutActiveMs: 0 });
  });
});

describe('markers', () => {
  test('events not drawn as states go to the lane their owner / process / master / server names, else the generic lane', () => {
    const processOfServer = new Map([['m2,16000,1', 'master-2'], ['rs1,16020,1', 'rs-1']]);
    const { byLane, generic } = buildMarkers(
      [
        record(1, 'zk.session.expired', { session: '0x1', owner: 'rs1,16020,1' }),
        ev(2, 'master.serverOnline', { master: 'm2,16000,1', server: 'rs1,16020,1' }),
        ev(3, 'procedure.retry', { master: 'm2,16000,1', procId: 2, procedure: 'TRSP', state: 'A', backoffMs: 10, reason: 'meta not loaded' }),
        ev(4, 'master.active', { process: 'master-2', server: 'm2,16000,1', token: 2 }),
        ev(5, 'procedure.step', { procId: 2, procedure: 'TRSP', state: 'A' }),
        ev(6, 'cluster.final', { activeMasters: ['m2,16000,1'], regionServers: {}, meta: {}, tables: {}, metaLocation: null }),
      ],
      new Set(['master-2', 'rs-1']),
      processOfServer,
    );
    expect(byLane.get('rs-1')?.map((m) => m.type)).toEqual(['zk.session.expired']);
    expect(byLane.get('master-2')?.map((m) => m.type)).toEqual(['master.serverOnline', 'procedure.retry']);
    expect(generic.map((m) => m.type)).toEqual(['cluster.final']);
  });
});

describe('faults', () => {
  test('pairs starts with ends by kind and target; heal ends all partitions; unknown lasting kinds by their .end', () => {
    const faults = buildFaults(
      [
        record(10, 'fault.crash', { target: 'master-1' }),
        record(20, 'fault.partition', { target: { groups: [['rs-1'], ['zookeeper']] } }),
        record(25, 'fault.partition', { target: { groups: [['rs-2'], ['zookeeper']] } }),
        record(30, 'fault.pause', { target: 'rs-1' }),
        record(31, 'fault.pause', { target: 'rs-2' }),
        record(40, 'fault.resume', { target: 'rs-2' }),
        record(50, 'fault.heal', {}),
        record(60, 'fault.skew', { target: 'rs-3' }),
        record(70, 'fault.skew.end', { target: 'rs-3' }),
        record(80, 'fault.wal-sync-failure', { target: 'rs-4' }),
      ],
      100,
    );
    expect(faults.map((f) => [f.kind, f.from, f.to, f.instant, f.unended])).toEqual([
      ['crash', 10, 10, true, false],
      ['partition', 20, 50, false, false],
      ['partition', 25, 50, false, false],
      ['pause', 30, 100, false, true],
      ['pause', 31, 40, false, false],
      ['skew', 60, 70, false, false],
      ['wal-sync-failure', 80, 80, true, false],
    ]);
    expect(faults[1]?.targets).toEqual(['rs-1', 'zookeeper']);
  });
});

describe('regions', () => {
  const trace = [
    ev(0, 'rs.online', { process: 'rs-1', server: 'a,1,1' }),
    ev(0, 'rs.online', { process: 'rs-2', server: 'b,1,1' }),
    ev(5, 'am.transition', { region: 'R1', state: 'OPENING', server: 'a,1,1' }),
    ev(10, 'region.opened', { region: 'R1', table: 't', server: 'a,1,1', seqNum: 1 }),
    ev(10, 'region.opened', { region: 'R2', table: 't', server: 'b,1,1', seqNum: 1 }),
    ev(12, 'am.transition', { region: 'R1', state: 'OPEN', server: 'a,1,1' }),
    ev(50, 'process.crash', { process: 'rs-1', incarnation: 1 }),
    ev(70, 'region.opened', { region: 'R1', table: 't', server: 'b,1,1', seqNum: 2 }),
    ev(80, 'region.opened', { region: 'R2', table: 't', server: 'a,1,2', seqNum: 2 }),
    ev(90, 'region.closed', { region: 'R2', table: 't', server: 'a,1,2' }),
    ev(100, 'fault.quiet', {}),
  ];

  test("the chart's rows are the assignment checker's derivation: tenures end on close or the process crashing; gaps count from the first opening", () => {
    const rows = buildRegions(trace);
    const r1 = rows.find((r) => r.region === 'R1');
    expect(r1?.tenures.map((t) => [t.process, t.from, t.to, t.end])).toEqual([['rs-1', 10, 50, 'crashed'], ['rs-2', 70, 100, 'trace end']]);
    expect(r1?.gaps).toEqual([{ from: 50, to: 70 }]);
    expect(r1?.unavailableMs).toBe(20);
    expect(r1?.views.map((v) => [v.state, v.from, v.to])).toEqual([['OPENING', 5, 12], ['OPEN', 12, 100]]);
    const r2 = rows.find((r) => r.region === 'R2');
    expect(r2?.overlaps.map((o) => [o.from, o.to, o.violation.servers])).toEqual([[80, 90, ['a,1,2', 'b,1,1']]]);
    expect(r2?.overlaps.map((o) => o.violation)).toEqual(checkAssignment(trace).violations.filter((v) => v.kind === 'double-assignment'));
    expect(r2?.gaps).toEqual([]);
  });

  test('a region the master closed on purpose (disabled table) is closed by request, not unavailable', () => {
    const rows = buildRegions([
      ev(10, 'region.opened', { region: 'R', table: 't', server: 'a,1,1', seqNum: 1 }),
      ev(20, 'region.closed', { region: 'R', table: 't', server: 'a,1,1' }),
      ev(25, 'am.transition', { region: 'R', state: 'CLOSED', server: null }),
      ev(60, 'am.transition', { region: 'R', state: 'OPENING', server: 'a,1,1' }),
      ev(70, 'region.opened', { region: 'R', table: 't', server: 'a,1,1', seqNum: 2 }),
      ev(100, 'fault.quiet', {}),
    ]);
    expect(rows[0]?.gaps).toEqual([{ from: 20, to: 25 }, { from: 60, to: 70 }]);
    expect(rows[0]?.closedByRequest).toEqual([{ from: 25, to: 60 }]);
    expect(rows[0]?.unavailableMs).toBe(15);
  });

  test('a paused holder does not serve: its time counts as unavailable', () => {
    const paused = [...trace.slice(0, 6), ev(20, 'process.pause', { process: 'rs-2', incarnation: 1 }), ev(30, 'process.resume', { process: 'rs-2', incarnation: 1 }), ...trace.slice(6)];
    const r2 = buildRegions(paused).find((r) => r.region === 'R2');
    expect(r2?.gaps).toEqual([{ from: 20, to: 30 }]);
    expect(r2?.frozen).toEqual([{ from: 20, to: 30, process: 'rs-2' }]);
  });
});

describe('procedures and evidence', () => {
  test('a procedure spans its first step to its finish; rare kinds get the first rows', () => {
    const spans = buildProcedures(
      [
        ev(0, 'procedure.step', { procId: 1, procedure: 'TRSP', state: 'A' }),
        ev(1, 'procedure.step', { procId: 2, procedure: 'TRSP', state: 'A' }),
        ev(2, 'procedure.step', { procId: 3, procedure: 'ServerCrashProcedure', state: 'START' }),
        ev(3, 'procedure.step', { procId: 3, procedure: 'ServerCrashProcedure', state: 'SPLIT_LOGS' }),
        ev(5, 'procedure.finished', { procId: 1, procedure: 'TRSP', result: 'SUCCESS' }),
      ],
      100,
    );
    expect(spans.map((s) => [s.procId, s.from, s.to, s.finished, s.row])).toEqual([
      [1, 0, 5, true, 1],
      [2, 1, 100, false, 2],
      [3, 2, 100, false, 0],
    ]);
    expect(spans[2]?.states).toEqual(['START', 'SPLIT_LOGS']);
  });

  test('procedure.submitted starts the span', () => {
    const [span] = buildProcedures([ev(3, 'procedure.submitted', { procId: 7, procedure: 'DisableTableProcedure', state: 'PREPARE' }), ev(9, 'procedure.finished', { procId: 7, procedure: 'DisableTableProcedure', result: 'SUCCESS' })], 100);
    expect(span).toMatchObject({ from: 3, to: 9, finished: true, states: ['PREPARE'] });
  });

  test('a kind with many instances is counted over time, not packed span by span', () => {
    const trace = Array.from({ length: 30 }, (_, i) => ev(i, 'procedure.step', { procId: i, procedure: 'TRSP', state: 'OPEN' }));
    trace.push(ev(40, 'procedure.step', { procId: 99, procedure: 'ServerCrashProcedure', state: 'START' }));
    const spans = buildProcedures(trace, 100, 10, 12);
    expect(spans.filter((s) => s.procedure === 'TRSP').every((s) => s.row === -1)).toBe(true);
    expect(spans.find((s) => s.procedure === 'ServerCrashProcedure')?.row).toBe(0);
  });

  test('evidence: op indices under keys named like ops / operations / indices, at any depth', () => {
    expect([...evidenceIndices({ valid: false, ops: [1, 2], nested: { nonLinearizableOperations: [{ index: 7 }, { index: 'x' }], opIndices: [[3], 4] }, count: 99, other: [5] })].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 7]);
    expect(evidenceIndices({ valid: true }).size).toBe(0);
  });
});
