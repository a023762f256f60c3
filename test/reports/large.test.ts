import { describe, expect, test } from 'vitest';
import { renderReport } from '../../reports/index.ts';
import { syntheticRun } from '../support/synthetic-run.ts';

describe('large runs', () => {
  test('20k operations and 50k trace events stay under 5 MB and within the element budget', () => {
    const input = syntheticRun({ ops: 20_000, traceEvents: 50_000, clients: 30, regions: 200 });
    expect(input.history.filter((h) => h.type === 'invoke').length).toBeGreaterThanOrEqual(20_000);
    expect(input.trace.length).toBeGreaterThanOrEqual(50_000);
    const html = renderReport(input);
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
    // What a browser has to lay out (its time is measured by `npm run bench -- report`, never here): dense lanes
    // are merged paths, so the page's elements do not grow with the operations.
    expect(html.match(/<[a-zA-Z]/g)?.length ?? 0).toBeLessThan(15_000);
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
