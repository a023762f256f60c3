import { describe, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../runner/cli.ts';
import { withAssignment } from '../../runner/assignment-option.ts';
import { tallyEra } from '../../runner/compare/era-tally.ts';
import { measureSeed } from '../../runner/compare/seed-measures.ts';
import { compareLines } from '../../runner/compare/table.ts';
import { runSeed } from '../../runner/run-seed.ts';
import { scheduleFor, type HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { findScenario } from '../../runner/scenarios/registry.ts';
import type { SeedVerdict } from '../../runner/sweep.ts';
import { Simulation } from '../../harness/simulation.ts';
import '../../runner/scenarios/index.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

const SEEDS = ['--seeds', '4', '--from', '1', '--workers', '2'];

describe('faultline compare', () => {
  test('runs the same seeds under both eras; each era agrees with a separate sweep of those seeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-compare-'));
    const { io, out } = capture();
    const code = await main(['compare', ...SEEDS, '--out', join(dir, 'compare'), '--json'], io);
    const lines = out.map((l) => JSON.parse(l));
    const perSeed = lines.filter((l) => 'seed' in l) as (SeedVerdict & { era: string })[];
    const summary = lines.at(-1).compare;
    expect(Object.keys(summary.eras)).toEqual(['procedure', 'zk']);
    for (const era of ['procedure', 'zk'] as const) {
      const mine = perSeed.filter((l) => l.era === era).sort((a, b) => a.seed - b.seed);
      expect(mine.map((l) => l.seed)).toEqual([1, 2, 3, 4]);
      const swept = capture();
      await main(['sweep', ...SEEDS, '--assignment', era, '--determinism-share', '0', '--out', join(dir, `sweep-${era}`), '--json'], swept.io);
      const sweepLines = swept.out.map((l) => JSON.parse(l));
      const sweepSeeds = sweepLines.filter((l) => 'seed' in l).sort((a, b) => a.seed - b.seed);
      // Same verdicts, same failing checkers, same faults injected, same repro commands as `sweep --assignment`.
      expect(mine.map(({ seed, valid, failing, faults, repro }) => ({ seed, valid, failing, faults, repro }))).toEqual(sweepSeeds.map(({ seed, valid, failing, faults, repro }) => ({ seed, valid, failing, faults, repro })));
      const { valid, violations, unknown } = sweepLines.at(-1).summary;
      expect(summary.eras[era]).toMatchObject({ era, seeds: 4, valid, violations, unknown });
      expect(summary.eras[era].operations).toBe(mine.reduce((n, l) => n + (l.measures?.operations ?? 0), 0));
      expect(summary.eras[era].regionOutages.count).toBe(mine.reduce((n, l) => n + (l.measures?.regionOutagesMs.length ?? 0), 0));
    }
    // Seeds whose faults struck alike: exactly those whose per-seed fault counts are equal in both eras.
    const faultsOf = (era: string, seed: number) => perSeed.find((l) => l.era === era && l.seed === seed)?.faults;
    const same = (x: unknown, y: unknown) => JSON.stringify(x, Object.keys(x as object).sort()) === JSON.stringify(y, Object.keys(y as object).sort());
    for (const seed of [1, 2, 3, 4]) {
      const [p, z] = [faultsOf('procedure', seed), faultsOf('zk', seed)];
      const alike = same(p?.byKind, z?.byKind) && same(p?.byTrigger, z?.byTrigger);
      expect(summary.faultsAlike.seeds.includes(seed)).toBe(alike);
    }
    expect(summary.faultsAlike.eras.zk.seeds).toBe(summary.faultsAlike.seeds.length);
    const eras = Object.values(summary.eras) as { violations: number; unknown: number }[];
    expect(code).toBe(eras.some((e) => e.violations > 0) ? 1 : eras.some((e) => e.unknown > 0) ? 3 : 0);

    // The table a person reads: a column per era, every row aligned, the footnotes and the closing line.
    const tallies = (['procedure', 'zk'] as const).map((era) => tallyEra(era, perSeed.filter((l) => l.era === era)));
    const matched = tallies.map((t) => tallyEra(t.era, perSeed.filter((l) => l.era === t.era && summary.faultsAlike.seeds.includes(l.seed))));
    const text = compareLines({ scenario: 'failover', from: 1, count: 4 }, tallies, matched);
    expect(text).toContain(`the ${summary.faultsAlike.seeds.length} of 4 seeds whose faults struck alike in both eras (same kinds and counts, same failpoints)⁵`);
    const header = text.find((l) => l.includes('procedure (2.x AMv2)')) as string;
    expect(header).toContain('zk (1.1 ZooKeeper)');
    const valid = text.find((l) => l.startsWith('valid ')) as string;
    expect(valid.split(/\s{2,}/).slice(1, 3).map(Number)).toEqual(tallies.map((t) => t.valid));
    const rows = text.slice(text.indexOf(header) + 1, text.indexOf('', text.indexOf(header)));
    const column = header.indexOf('zk (1.1 ZooKeeper)') + 'zk (1.1 ZooKeeper)'.length;
    for (const row of rows) expect(row.length === column || row[column - 1] !== ' ').toBe(true);
    expect(text.at(-1)).toMatch(/^\ncompare failover seeds 1–4: procedure \d\/4 valid.*; zk \d\/4 valid/);
  }, 120_000);

  test("a seed's measures are the assignment checker's figures, read back", () => {
    const scenario = withAssignment(findScenario('failover') as NonNullable<ReturnType<typeof findScenario>>, 'zk');
    const { run, verdict } = runSeed(scenario, 3, { write: 'never' });
    const m = measureSeed(run, verdict);
    const figures = verdict.checkers.assignment?.figures as { noActiveMasterMs: number; regionUnavailableMs: Record<string, number> };
    expect(m.noActiveMasterMs).toBe(figures.noActiveMasterMs);
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(total(m.regionOutagesMs)).toBe(total(Object.values(figures.regionUnavailableMs)));
    expect(m.operations).toBe(run.history.filter((op) => op.type !== 'invoke').length);
  }, 60_000);

  test('both eras draw the same fault schedule from a seed', () => {
    const failover = findScenario('failover') as NonNullable<ReturnType<typeof findScenario>>;
    for (const seed of [1, 2, 3, 4, 5]) {
      const [procedure, zk] = (['procedure', 'zk'] as const).map((era) => scheduleFor(new Simulation({ seed }), withAssignment(failover, era).spec as HBaseScenarioSpec));
      expect(zk).toEqual(procedure);
      expect(procedure?.faults.length).toBeGreaterThan(0);
    }
  });

  test.each([
    [['compare', '--seeds', '0'], /--seeds must be a whole number from 1/],
    [['compare', '--scenario', 'nope'], /unknown scenario 'nope'/],
    [['compare', '--scenario', 'shared-zookeeper'], /compare: scenario 'shared-zookeeper' has no cluster/],
    [['compare', '--workers', '0'], /--workers must be a whole number from 1/],
  ])('bad input %j: one line, exit 2', async (argv, message) => {
    const { io, err } = capture();
    expect(await main(argv, io)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });
});
