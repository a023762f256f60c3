/** A sweep for CI: shards that partition a range, JUnit read back by an XML parser, --stop-after, progress lines. */
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../runner/cli.ts';
import { junitXml } from '../../runner/junit.ts';
import { progressLine, progressReporter } from '../../runner/progress.ts';
import { parseShard, shardSeeds } from '../../runner/shard.ts';
import type { SeedVerdict } from '../../runner/sweep.ts';
import { seedRange } from '../../runner/commands/sweep.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });

interface TestCase {
  name: string;
  classname: string;
  failure?: { type: string; message: string; '#text': string };
  error?: { type: string; message: string };
  skipped?: { message: string };
}

describe('--shard K/N', () => {
  test('the N shards of any range are disjoint, cover it, and differ in size by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), (from, count, n) => {
        const range = seedRange(from, count);
        const shards = Array.from({ length: n }, (_, i) => shardSeeds(range, parseShard(`${i + 1}/${n}`)));
        const union = shards.flat().sort((a, b) => a - b);
        expect(union).toEqual(range);
        expect(new Set(union).size).toBe(union.length);
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  test.each(['0/3', '3/2', 'a/b', '1/0', '2', '1/3/4', '-1/3', '1/10001'])('bad shard %s: one line, exit 2', async (shard) => {
    const { io, err, out } = capture();
    expect(await main(['sweep', '--seeds', '3', '--shard', shard], io)).toBe(2);
    expect(err.join('\n')).toMatch(/^faultline: --shard: [^\n]+$/);
    expect(out).toEqual([]);
  });
});

describe('--junit and --stop-after', () => {
  test('a sharded planted-bug sweep writes JUnit that an XML parser reads: a test case per seed, failures carry the verdict, repro and report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-junit-'));
    const scenario = join(dir, 'planted.json');
    writeFileSync(scenario, JSON.stringify({ base: 'rs-death', cluster: { bugs: ['assign-before-log-split'] } }));
    const junit = join(dir, 'reports', 'junit.xml');
    const { io, out } = capture();
    const code = await main(['sweep', '--scenario-file', scenario, '--seeds', '8', '--from', '1', '--shard', '2/2', '--workers', '2', '--out', join(dir, 'runs'), '--junit', junit, '--determinism-share', '0'], io);
    const doc = parser.parse(readFileSync(junit, 'utf8'));
    const suite = doc.testsuites.testsuite[0];
    const cases = suite.testcase as TestCase[];
    expect(cases.map((c) => c.name)).toEqual(['seed 2', 'seed 4', 'seed 6', 'seed 8']);
    const failures = cases.filter((c) => c.failure !== undefined);
    expect(Number(suite.failures)).toBe(failures.length);
    expect(Number(suite.tests)).toBe(4);
    // The planted bug is caught within these seeds (it is by seed 2 of rs-death: planted-bugs.test.ts), so the sweep fails.
    expect(failures.length).toBeGreaterThan(0);
    expect(code).toBe(1);
    for (const c of failures) {
      expect(c.failure?.type).toBe('violation');
      expect(c.failure?.message).toMatch(/^VIOLATION \(linearizability/);
      expect(c.failure?.['#text']).toMatch(/repro: npx faultline run --schedule .*seed-\d+\/schedule\.json\nreport: .*report\.html/);
    }
    expect(out.join('\n')).toContain('(shard 2/2)');
  });

  test('--stop-after ends the sweep at the n-th failing seed; the seeds not run are skipped test cases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-stop-'));
    const scenario = join(dir, 'planted.json');
    writeFileSync(scenario, JSON.stringify({ base: 'rs-death', cluster: { bugs: ['assign-before-log-split'] } }));
    const junit = join(dir, 'junit.xml');
    const { io, out } = capture();
    const code = await main(['sweep', '--scenario-file', scenario, '--seeds', '30', '--workers', '1', '--stop-after', '1', '--out', join(dir, 'runs'), '--junit', junit, '--json'], io);
    expect(code).toBe(1);
    const summary = JSON.parse(out.at(-1) as string).summary;
    // One worker: the first failing seed stops the sweep, nothing else is in flight.
    expect(summary.violations + summary.unknown).toBe(1);
    expect(summary.seeds + summary.notRun).toBe(30);
    const cases = parser.parse(readFileSync(junit, 'utf8')).testsuites.testsuite[0].testcase as TestCase[];
    expect(cases).toHaveLength(30);
    expect(cases.filter((c) => c.skipped !== undefined)).toHaveLength(summary.notRun);
    expect(cases.find((c) => c.skipped !== undefined)?.skipped?.message).toMatch(/stopped after 1 failing seed/);
  });

  test('an unwritable --junit path or a bad --stop-after is one line, exit 2, before any seed runs', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-junit-bad-')), 'a-file');
    writeFileSync(file, '');
    for (const argv of [['--junit', join(file, 'junit.xml')], ['--stop-after', '0'], ['--stop-after', 'x']]) {
      const { io, err, out } = capture();
      expect(await main(['sweep', '--seeds', '2', ...argv], io)).toBe(2);
      expect(err).toHaveLength(1);
      expect(out).toEqual([]);
    }
  });
});

describe('junitXml', () => {
  const verdict = (seed: number, valid: SeedVerdict['valid'], extra: Partial<SeedVerdict> = {}): SeedVerdict => ({
    seed,
    valid,
    failing: valid === true ? [] : ['linearizability'],
    repro: `npx faultline run --scenario x --seed ${seed}`,
    report: valid === true ? undefined : `store/x/seed-${seed}/report.html`,
    wallMs: 1234,
    faults: { byKind: {}, byTrigger: {} },
    ...extra,
  });

  test('hostile text and control characters come out as well-formed XML; unknown is an error, divergence a failure', () => {
    const xml = junitXml([
      {
        scenario: 'a<b>&"c\'',
        verdicts: [verdict(1, true), verdict(2, false, { repro: 'run --x "<script>" \u0001\u001b[31m' }), verdict(3, 'unknown'), verdict(4, true, { determinism: { identical: false, digests: ['a', 'b'], file: 'history.jsonl', difference: { line: 3, first: 'a', second: 'b' } } })],
        notRun: [5],
      },
    ]);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase' || n === 'testsuite' }).parse(xml);
    const suite = doc.testsuites.testsuite[0];
    expect(suite.name).toBe('faultline a<b>&"c\'');
    expect([suite.tests, suite.failures, suite.errors, suite.skipped]).toEqual(['5', '2', '1', '1']);
    const cases = suite.testcase as TestCase[];
    expect(cases[1]?.failure?.['#text']).toContain('run --x "<script>" \uFFFD\uFFFD[31m');
    expect(cases[2]?.error?.type).toBe('unknown');
    expect(cases[3]?.failure?.type).toBe('nondeterminism');
  });
});

describe('progress', () => {
  test('the line gives done/total, rate, ETA and failures', () => {
    expect(progressLine({ label: 'failover', done: 50, total: 200, failing: 0, elapsedMs: 30_000 })).toBe('… 50/200 seeds of failover · 100 seeds/min · ETA 1 min 30 s · no failures');
    expect(progressLine({ label: 'failover', done: 200, total: 200, failing: 2, elapsedMs: 60_000 })).toBe('… 200/200 seeds of failover · 200 seeds/min · 2 FAILING');
  });

  test('off a terminal it prints the first seed and a line per tenth of the sweep; on one it redraws and clears', () => {
    const { io, err } = capture();
    const lines = progressReporter(io);
    for (let done = 1; done <= 100; done++) lines.update({ label: 's', done, total: 100, failing: 0, elapsedMs: done * 10 });
    expect(err).toHaveLength(11);
    expect(err.at(-1)).toContain('100/100 seeds of s');
    const drawn: string[] = [];
    const terminal = progressReporter({ ...io, progress: (t) => drawn.push(t) });
    terminal.update({ label: 's', done: 1, total: 2, failing: 0, elapsedMs: 5 });
    terminal.finish();
    expect(drawn).toEqual([expect.stringContaining('1/2 seeds of s'), '']);
  });
});
