import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../runner/cli.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

describe('faultline sweep', () => {
  test('runs seeds on worker threads and summarises; valid seeds write nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-sweep-'));
    const file = join(dir, 'short.json');
    writeFileSync(file, JSON.stringify({ base: 'steady', durationMs: 4_000, quietMs: 1_000, finalReadsMs: 4_000 }));
    const { io, out } = capture();
    const code = await main(['sweep', '--scenario-file', file, '--seeds', '4', '--from', '10', '--workers', '2', '--out', join(dir, 'runs'), '--json'], io);
    const lines = out.map((l) => JSON.parse(l));
    const seeds = lines.filter((l) => 'seed' in l);
    expect(seeds.map((l) => l.seed).sort()).toEqual([10, 11, 12, 13]);
    expect(lines.at(-1).summary).toMatchObject({ seeds: 4, workers: 2 });
    const { valid, violations, unknown } = lines.at(-1).summary;
    expect(valid + violations + unknown).toBe(4);
    expect(code).toBe(violations > 0 ? 1 : unknown > 0 ? 3 : 0);
    expect(readdirSync(join(dir, 'runs')).length).toBe(4 - valid);
  });

  test.each([
    [['sweep', '--seeds', '0'], /--seeds must be a whole number from 1/],
    [['sweep', '--seeds', 'x'], /--seeds must be a whole number/],
    [['sweep', '--workers', '0'], /--workers must be a whole number from 1/],
    [['sweep', '--scenario', 'nope'], /unknown scenario 'nope'/],
    [['sweep', '--from', '-3'], /unknown option|--from must|--seed must/],
  ])('bad input %j: one line, exit 2', async (argv, message) => {
    const { io, err } = capture();
    expect(await main(argv, io)).toBe(2);
    expect(err.join('')).toMatch(message);
  });
});
