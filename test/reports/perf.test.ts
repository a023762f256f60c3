/** Jepsen's performance graphs: within their element budget, their series computed right, drawn on every report. */
import { describe, expect, test } from 'vitest';
import { renderReport } from '../../reports/index.ts';
import type { Operation } from '../../reports/operations.ts';
import { MAX_LATENCY_POINTS, quantileSeries, samplePoints, throughputSeries } from '../../reports/perf.ts';
import { syntheticRun } from '../support/synthetic-run.ts';

const op = (start: number, latency: number, outcome: Operation['outcome'] = 'ok'): Operation => ({
  process: 1, f: 'read', key: 'k', value: null, result: null, error: undefined, outcome, start, completedAt: start + latency, invokeIndex: start, completeIndex: start + 1,
});

describe('performance graphs', () => {
  test('a large run keeps every failed and indeterminate point and an even sample of the ok ones, within the budget', () => {
    const points = Array.from({ length: 50_000 }, (_, i) => ({ t: i, latency: 5, outcome: (i % 100 === 0 ? 'fail' : 'ok') as Operation['outcome'], f: 'read', index: i }));
    const drawn = samplePoints(points);
    expect(drawn.length).toBeLessThanOrEqual(MAX_LATENCY_POINTS);
    expect(drawn.filter((p) => p.outcome === 'fail')).toHaveLength(500);
    const ok = drawn.filter((p) => p.outcome === 'ok').map((p) => p.t);
    expect(Math.min(...ok)).toBeLessThan(100);
    expect(Math.max(...ok)).toBeGreaterThan(49_000);
    expect(samplePoints(points.slice(0, 100))).toHaveLength(100);
  });

  test('quantiles and throughput per slice', () => {
    const ops = [op(0, 10), op(1, 20), op(2, 30), op(3, 40, 'fail'), op(60, 5, 'info')];
    const q = quantileSeries(ops, 0, 100, 2);
    expect(q[0]?.q).toEqual([20, 40, 40, 40]);
    expect(q[1]?.q).toEqual([undefined, undefined, undefined, undefined]);
    const tp = throughputSeries(ops, 0, 2000, 2);
    expect(tp[0]).toMatchObject({ ok: 3, fail: 1, info: 1 });
  });

  test('every report draws the three graphs with d3, over the fault bands', () => {
    const html = renderReport(syntheticRun({ ops: 2_000 }));
    const section = html.slice(html.indexOf('<section id="performance">'));
    expect(section.match(/<svg[^>]*class="perf-chart"/g)).toHaveLength(3);
    expect(section).toMatch(/class="pt ok"/);
    expect(section).toMatch(/<path class="q q0" d="M/);
    expect(section).toMatch(/<path class="tp ok" d="M/);
    expect(section).toMatch(/class="band"/);
  });
});
