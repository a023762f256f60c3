import { describe, expect, test } from 'vitest';
import { performance } from 'node:perf_hooks';
import { renderReport } from '../../reports/index.ts';
import { syntheticRun } from '../support/synthetic-run.ts';

describe('large runs', () => {
  test('20k operations and 50k trace events stay under 5 MB and render in well under the test timeout', () => {
    const input = syntheticRun({ ops: 20_000, traceEvents: 50_000, clients: 30, regions: 200 });
    expect(input.history.filter((h) => h.type === 'invoke').length).toBeGreaterThanOrEqual(20_000);
    expect(input.trace.length).toBeGreaterThanOrEqual(50_000);
    const start = performance.now();
    const html = renderReport(input);
    const elapsed = performance.now() - start;
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
    // A loose bound for a shared CI machine; bench/report.ts measures properly.
    expect(elapsed).toBeLessThan(10_000);
    // Failures are still drawn one by one, not only inside aggregates.
    expect(html).toContain('class="fail"><title>op ');
    // The caps are visible to the reader.
    expect(html).toContain('Clients (processes packed into lanes)');
  });

  test('many processes, regions and procedures are capped with a note', () => {
    const input = syntheticRun({ ops: 5_000, clients: 200, regions: 400, regionServers: 6 });
    const html = renderReport(input);
    expect(html).toContain('regions are not drawn in the assignment chart');
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
  });
});
