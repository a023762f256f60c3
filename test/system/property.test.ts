import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { expectValid, faultlineSeed, faultSchedules, runScenario } from '../../runner/library.ts';

describe('property: the failover scenario is valid for any seed and any fault schedule from its profile', () => {
  test('fast-check over seeds × fault schedules (a failure shrinks and names its repro and report)', () => {
    fc.assert(
      fc.property(faultlineSeed(), faultSchedules('failover', { maxFaults: 8 }), (seed, schedule) => {
        expectValid(runScenario('failover', seed, { schedule, outDir: `store/property/seed-${seed}` }));
      }),
      { numRuns: 12, seed: 4242, includeErrorInReport: true },
    );
  });

  test('the property can fail: with a planted bug it is refuted, and the message names the repro and the report', () => {
    let message = '';
    try {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 20 }), (seed) => {
          expectValid(runScenario('rs-death', seed, { bugs: ['assign-before-log-split'], outDir: `store/property-bug/seed-${seed}` }));
        }),
        { numRuns: 20, seed: 7, includeErrorInReport: true },
      );
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/is not valid \(linearizability: violation/);
    expect(message).toMatch(/repro: npx faultline run --schedule store\/property-bug\/seed-\d+\/schedule\.json/);
    expect(message).toMatch(/report: store\/property-bug\/seed-\d+\/report\.html/);
  });
});
