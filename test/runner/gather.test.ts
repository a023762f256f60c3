/** `faultline gather`: shards' JUnit files merged (read back by an XML parser), failing runs indexed, bad input refused. */
import { XMLParser } from 'fast-xml-parser';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { mergeJUnit } from '../../runner/ci/junit-merge.ts';
import { main } from '../../runner/cli.ts';
import { junitXml } from '../../runner/junit.ts';
import type { SeedVerdict } from '../../runner/sweep.ts';

const verdict = (seed: number, valid: SeedVerdict['valid']): SeedVerdict => ({
  seed,
  valid,
  failing: valid === true ? [] : ['assignment'],
  repro: `npx faultline run --schedule shard/seed-${seed}/schedule.json`,
  report: valid === true ? undefined : `shard/seed-${seed}/report.html`,
  wallMs: 500,
  faults: { byKind: {}, byTrigger: {} },
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(xml);

describe('mergeJUnit', () => {
  test('suites of one scenario from several shards become one, recounted and in seed order; other suites stay apart', () => {
    const shard1 = junitXml([{ scenario: 'failover', verdicts: [verdict(1, true), verdict(3, false)], notRun: [] }]);
    const shard2 = junitXml([
      { scenario: 'failover', verdicts: [verdict(2, 'unknown'), verdict(4, true)], notRun: [6] },
      { scenario: 'zk-expiry', verdicts: [verdict(2, true)], notRun: [] },
    ]);
    const { xml, totals } = mergeJUnit([
      { path: 'shard-1/junit.xml', text: shard1 },
      { path: 'shard-2/junit.xml', text: shard2 },
    ]);
    expect(totals).toEqual({ tests: 6, failures: 1, errors: 1, skipped: 1 });
    const suites = parse(xml).testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual(['faultline failover', 'faultline zk-expiry']);
    expect(suites[0].testcase.map((c: { name: string }) => c.name)).toEqual(['seed 1', 'seed 2', 'seed 3', 'seed 4', 'seed 6']);
    expect([suites[0].tests, suites[0].failures, suites[0].errors, suites[0].skipped]).toEqual(['5', '1', '1', '1']);
    expect(suites[0].testcase[2].failure['#text']).toContain('repro: npx faultline run --schedule shard/seed-3/schedule.json');
  });

  test('a file that is not XML, or not JUnit, is named in one line', () => {
    expect(() => mergeJUnit([{ path: 'a.xml', text: '<testsuites><testsuite>' }])).toThrow(/^a\.xml: not well-formed XML/);
    expect(() => mergeJUnit([{ path: 'b.xml', text: '<project/>' }])).toThrow(/^b\.xml: not JUnit XML/);
  });
});

describe('faultline gather', () => {
  test('writes junit.xml and an index of the failing runs below the folder, with escaped names; exit 1 when any failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-gather-'));
    mkdirSync(join(dir, 'shard-1', 'runs', 'seed-3'), { recursive: true });
    writeFileSync(join(dir, 'shard-1', 'junit.xml'), junitXml([{ scenario: 'failover', verdicts: [verdict(1, true), verdict(3, false)], notRun: [] }]));
    writeFileSync(join(dir, 'shard-1', 'runs', 'seed-3', 'result.json'), JSON.stringify({ scenario: '<b>failover</b>', seed: 3, valid: false, checkers: { assignment: { valid: false }, linearizability: { valid: true } } }));
    writeFileSync(join(dir, 'shard-1', 'runs', 'seed-3', 'report.html'), '<!DOCTYPE html>');
    const { io, out } = capture();
    expect(await main(['gather', dir], io)).toBe(1);
    expect(out.join('\n')).toMatch(/1 JUnit files: 2 seeds, 1 failed/);
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(index).toContain('href="shard-1/runs/seed-3/report.html"');
    expect(index).toContain('&lt;b&gt;failover&lt;/b&gt;');
    expect(index).not.toContain('<b>failover</b>');
    expect(index).toContain('npx faultline run --schedule shard-1/runs/seed-3/schedule.json');
    expect(parse(readFileSync(join(dir, 'junit.xml'), 'utf8')).testsuites.testsuite[0].testcase).toHaveLength(2);
    // Gathering again does not count the merged file twice.
    expect(await main(['gather', dir], capture().io)).toBe(1);
    expect(parse(readFileSync(join(dir, 'junit.xml'), 'utf8')).testsuites.testsuite[0].testcase).toHaveLength(2);
  });

  test('a missing folder or a malformed JUnit file is one line, exit 2, and writes nothing', async () => {
    const missing = capture();
    expect(await main(['gather', join(tmpdir(), 'no-such-faultline-dir')], missing.io)).toBe(2);
    expect(missing.err).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-gather-bad-'));
    writeFileSync(join(dir, 'broken.xml'), '<testsuite name="x"><testcase>');
    const broken = capture();
    expect(await main(['gather', dir], broken.io)).toBe(2);
    expect(broken.err.join('')).toMatch(/broken\.xml: not well-formed XML/);
  });
});
