import { describe, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../runner/cli.ts';
import { sweepableScenarios } from '../../runner/commands/sweep.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

describe('faultline soak (npm run soak), scaled down', () => {
  test('every sweepable scenario (not the scripted systematic), failover with its own count: a line each and the total', async () => {
    const names = sweepableScenarios().map((s) => s.name);
    expect(names).toContain('failover');
    expect(names).not.toContain('systematic');
    const { io, out } = capture();
    const code = await main(['soak', '--seeds-per-scenario', '1', '--failover-seeds', '2', '--from', '1000000', '--workers', '1', '--determinism-share', '0', '--out', mkdtempSync(join(tmpdir(), 'faultline-soak-'))], io);
    const perScenario = out.filter((l) => /^\S+ +\d+ seeds: \d+ valid, \d+ violations, \d+ unknown; determinism: /.test(l));
    expect(perScenario.map((l) => l.split(' ')[0])).toEqual(names);
    expect(perScenario.find((l) => l.startsWith('failover '))).toMatch(/ 2 seeds: /);
    const total = out.find((l) => l.startsWith(`all ${names.length} scenarios, ${names.length + 1} seeds: `))!;
    const [, valid, violations, unknown] = /: (\d+) valid, (\d+) violations, (\d+) unknown/.exec(total)!.map(Number);
    expect(valid! + violations! + unknown!).toBe(names.length + 1);
    expect(code).toBe(violations! > 0 ? 1 : unknown! > 0 ? 3 : 0);
    if (code !== 0) expect(out).toContain(`failing seeds (${violations! + unknown!}):`);
  });

  test.each([
    [['soak', '--failover-seeds', '0'], /--failover-seeds must be a whole number from 1/],
    [['soak', '--from', 'x'], /--from must be a whole number from 0/],
    [['sweep', '--all-scenarios', '--scenario', 'steady'], /give one of --scenario, --scenario-file, --all-scenarios/],
  ])('bad input %j: one line, exit 2', async (argv, message) => {
    const { io, err } = capture();
    expect(await main(argv, io)).toBe(2);
    expect(err.join('')).toMatch(message);
  });
});
