/**
 * The ZooKeeper era in the report: each region's RIT znode as a strip segmented by RegionTransition state, a count
 * of regions in transition, and split-log tasks coloured by state with their worker. On a real `--assignment zk`
 * failover run (regions in transition), and on synthetic traces for the split-log tasks (whose system code is
 * not on main yet: they are read from the znode path prefix and data alone) and for the element budget.
 */
import { describe, expect, test } from 'vitest';
import { renderReport } from '../../reports/index.ts';
import type { ReportInput } from '../../reports/input.ts';
import { buildModel } from '../../reports/model.ts';
import { buildZkZnodes } from '../../reports/zk-znodes.ts';
import { withAssignment } from '../../runner/assignment-option.ts';
import { runSeed } from '../../runner/run-seed.ts';
import { findScenario } from '../../runner/scenarios/registry.ts';
import type { TraceEvent } from '../../schema/index.ts';
import '../../runner/scenarios/index.ts';

function reportInput(era: 'procedure' | 'zk', seed: number): ReportInput {
  const scenario = withAssignment(findScenario('failover') as NonNullable<ReturnType<typeof findScenario>>, era);
  const outcome = runSeed(scenario, seed, { write: 'never' });
  return { result: outcome.result, history: outcome.run.history, trace: outcome.run.trace, schedule: outcome.run.schedule as unknown as ReportInput['schedule'] };
}

const EVIL = '"><img src=x onerror=alert(1)>';

function znodeEvents(specs: readonly (readonly [number, 'created' | 'changed' | 'deleted', string, unknown?])[]): TraceEvent[] {
  return specs.map(([time, kind, path, data], zxid) => {
    if (kind === 'deleted') return { time, type: 'zk.znode.deleted', path, session: 1, zxid, cause: 'delete' } as TraceEvent;
    if (kind === 'created') return { time, type: 'zk.znode.created', path, mode: 'PERSISTENT', session: 1, zxid, data } as TraceEvent;
    return { time, type: 'zk.znode.changed', path, session: 1, zxid, version: zxid, data } as TraceEvent;
  });
}

function syntheticInput(trace: TraceEvent[]): ReportInput {
  return { result: { seed: 1, scenario: 'synthetic', valid: true, checkers: {}, stats: {}, repro: 'x', options: {} }, history: [], trace, schedule: { faults: [] } } as unknown as ReportInput;
}

const TASK = '/hbase/splitWAL/WALs%2Frs-1%2C16020%2C1-splitting%2Frs-1%252C16020%252C1.1000';

describe('the ZooKeeper era in the report', () => {
  test('a zk-era failover run draws every RIT znode, its states named in tooltips; the procedure era draws none', () => {
    const input = reportInput('zk', 2);
    const model = buildModel(input);
    const rit = model.zk.regionsInTransition;
    expect(rit.size).toBeGreaterThan(0);
    // Every write to a RIT znode is in one segment: the segments account for the trace's creations and changes.
    const writes = input.trace.filter((e) => (e.type === 'zk.znode.created' || e.type === 'zk.znode.changed') && /\/region-in-transition\/[^/]+$/.test(String(e.path))).length;
    expect([...rit.values()].flatMap((h) => h.segments).reduce((n, s) => n + s.writes, 0)).toBe(writes);
    const html = renderReport(input);
    expect(html).toContain('ZooKeeper: regions in transition, split-log tasks');
    expect(html).toContain('RIT znode (strip under the master');
    for (const [region, history] of rit) {
      // Only regions on the assignment chart get a strip (all are, at this size).
      expect(model.regions.some((r) => r.region === region)).toBe(true);
      expect(html).toContain(`RIT znode ${history.path}: M_ZK_REGION_OFFLINE`);
    }
    expect(html).toMatch(/RIT znode \/hbase\/region-in-transition\/[0-9a-f]+: RS_ZK_REGION_OPENING \(rs-\d,16020,\d+\)[^<]*writes/);
    expect(html).toMatch(/RIT znode \/hbase\/region-in-transition\/[0-9a-f]+: RS_ZK_REGION_OPENED[^<]*; then deleted/);
    expect(html).toMatch(/<title>\d+ regions? in transition \(RIT znodes\)/);

    const procedure = renderReport(reportInput('procedure', 2));
    expect(procedure).not.toContain('ZooKeeper: regions in transition');
    expect(procedure).not.toContain('RIT znode');
  }, 60_000);

  test('split-log tasks: a bar per task coloured by state with its worker, read from path and data; absent fields are "unknown"; values escaped', () => {
    const trace = znodeEvents([
      [0, 'created', '/hbase/splitWAL', null],
      [100, 'created', TASK, { state: 'UNASSIGNED', server: 'master-1,16000,1' }],
      [300, 'changed', TASK, { state: 'OWNED', worker: 'rs-2,16020,1' }],
      [600, 'changed', TASK, { state: 'OWNED', worker: 'rs-2,16020,1' }],
      [900, 'changed', TASK, { state: 'RESIGNED', worker: 'rs-2,16020,1' }],
      [1_000, 'changed', TASK, { state: 'OWNED', worker: 'rs-3,16020,1' }],
      [2_000, 'changed', TASK, { state: 'DONE', worker: 'rs-3,16020,1' }],
      [2_100, 'deleted', TASK],
      [150, 'created', '/hbase/splitWAL/second', { state: 'UNASSIGNED' }],
      [400, 'changed', '/hbase/splitWAL/second', { state: 'ERR', worker: EVIL }],
      [500, 'created', '/hbase/splitWAL/third', null],
      [700, 'changed', '/hbase/splitWAL/third', {}],
      [800, 'created', `/hbase/splitWAL/${encodeURIComponent(EVIL)}`, { state: EVIL }],
      [900, 'created', '/hbase/splitWAL/RESCAN0000000001', { state: 'DONE' }],
      [950, 'deleted', '/hbase/splitWAL/never-created'],
      [3_000, 'created', '/hbase/other/thing', { state: 'OWNED' }],
    ]);
    const zk = buildZkZnodes(trace, 5_000);
    expect(zk.regionsInTransition.size).toBe(0);
    expect(zk.splitTasks.map((t) => t.name)).toEqual([TASK.split('/').at(-1), 'second', 'third', encodeURIComponent(EVIL)]);
    const first = zk.splitTasks[0]?.segments ?? [];
    expect(first.map((s) => [s.state, s.server ?? null, s.writes])).toEqual([
      ['UNASSIGNED', 'master-1,16000,1', 1],
      ['OWNED', 'rs-2,16020,1', 2],
      ['RESIGNED', 'rs-2,16020,1', 1],
      ['OWNED', 'rs-3,16020,1', 1],
      ['DONE', 'rs-3,16020,1', 1],
    ]);
    expect(first.at(-1)).toMatchObject({ to: 2_100, ended: 'deleted' });
    expect(zk.splitTasks[2]?.segments.map((s) => s.state)).toEqual(['unknown']);
    expect(zk.splitTasks[1]?.segments.at(-1)).toMatchObject({ state: 'ERR', to: 5_000, ended: 'trace end' });

    const html = renderReport(syntheticInput(trace));
    expect(html).toContain('split-log tasks (4)');
    expect(html).toContain('split-log task WALs/rs-1,16020,1-splitting/rs-1%2C16020%2C1.1000: UNASSIGNED (created by master-1,16000,1) 100 ms – 300 ms');
    expect(html).toContain('split-log task WALs/rs-1,16020,1-splitting/rs-1%2C16020%2C1.1000: OWNED (worker rs-2,16020,1) 300 ms – 900 ms (600 ms, 2 writes)');
    expect(html).toContain(': DONE (worker rs-3,16020,1) 2 s – 2.1 s (100 ms); then deleted');
    // The bars name their worker, never the master that created the task.
    expect(html).toContain('class="z-text">rs-2</text>');
    expect(html).not.toContain('class="z-text">master-1</text>');
    expect(html).toContain('class="z-failed"');
    expect(html).toContain('Split-log tasks (labelled with the worker):');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('dense znodes stay within the element budget: strips merged per state, many tasks a count over time', () => {
    const events: (readonly [number, 'created' | 'changed' | 'deleted', string, unknown?])[] = [];
    const states = ['M_ZK_REGION_OFFLINE', 'RS_ZK_REGION_OPENING', 'RS_ZK_REGION_OPENED'];
    for (let r = 0; r < 40; r++) {
      const path = `/hbase/region-in-transition/region${r}`;
      for (let i = 0; i < 100; i++) {
        const t = i * 300 + r;
        events.push([t, 'created', path, { eventType: states[0], serverName: 'rs-1,16020,1', regionName: `region${r}` }]);
        events.push([t + 50, 'changed', path, { eventType: states[1], serverName: 'rs-1,16020,1' }]);
        events.push([t + 100, 'changed', path, { eventType: states[2], serverName: 'rs-1,16020,1' }]);
        events.push([t + 150, 'deleted', path]);
      }
    }
    for (let i = 0; i < 2_000; i++) {
      const path = `/hbase/splitWAL/wal-${i}`;
      events.push([i * 10, 'created', path, { state: 'UNASSIGNED' }], [i * 10 + 20, 'changed', path, { state: 'OWNED', worker: `rs-${i % 5},16020,1` }], [i * 10 + 400, 'changed', path, { state: 'DONE', worker: `rs-${i % 5},16020,1` }], [i * 10 + 410, 'deleted', path]);
    }
    // The regions' own rows come from region.opened; a RIT strip is drawn under a region the chart has.
    const opened: TraceEvent[] = Array.from({ length: 40 }, (_, r) => ({ time: 1, type: 'region.opened', region: `region${r}`, table: 't', server: 'rs-1,16020,1', process: 'rs-1', seqId: 1 }) as unknown as TraceEvent);
    const trace = [...opened, ...znodeEvents(events).sort((a, b) => a.time - b.time)];
    const html = renderReport(syntheticInput(trace));
    expect(html).toContain('states (M_ZK_REGION_OFFLINE ×100, RS_ZK_REGION_OPENING ×100, RS_ZK_REGION_OPENED ×100), merged');
    expect(html).toContain('split-log tasks (2000)');
    expect(html).toMatch(/split-log tasks? pending/);
    expect(html.match(/<[a-zA-Z]/g)?.length ?? 0).toBeLessThan(6_000);
  });
});
