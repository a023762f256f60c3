import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import '../../runner/scenarios/index.ts';
import { canonicalJson, reproCommand, scenarioOverrides, shellQuote } from '../../runner/repro.ts';
import { loadScenarioFile } from '../../runner/scenario-file.ts';
import type { HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { findScenario } from '../../runner/scenarios/registry.ts';

const rsDeath = findScenario('rs-death')!;
const rsDeathSpec = rsDeath.spec as HBaseScenarioSpec;
const withBug: HBaseScenarioSpec = { ...rsDeathSpec, cluster: { ...rsDeathSpec.cluster, bugs: ['assign-before-log-split'] } };

describe('reproCommand: the one command that reproduces a run exactly', () => {
  test('a registered scenario run as registered: --scenario and --seed (key order does not matter)', () => {
    const reordered = Object.fromEntries(Object.entries(rsDeathSpec).reverse());
    expect(reproCommand({ scenario: 'rs-death', seed: 7, spec: reordered })).toBe('npx faultline run --scenario rs-death --seed 7');
    expect(reproCommand({ scenario: 'rs-death', seed: 7, spec: rsDeathSpec }, 'store/x/schedule.json')).toBe('npx faultline run --scenario rs-death --seed 7');
  });

  test('a planted bug with its files written: the run’s own schedule.json', () => {
    expect(reproCommand({ scenario: 'rs-death', seed: 1, spec: withBug }, 'store/rs-death/seed-1/schedule.json')).toBe('npx faultline run --schedule store/rs-death/seed-1/schedule.json');
    expect(reproCommand({ scenario: 'rs-death', seed: 1, spec: withBug }, "/tmp/my runs/it's/schedule.json")).toBe(`npx faultline run --schedule '/tmp/my runs/it'\\''s/schedule.json'`);
  });

  test('a planted bug with no files: exactly the overrides, as a scenario file the CLI reads back to the same spec', () => {
    const command = reproCommand({ scenario: 'rs-death', seed: 1, spec: withBug });
    expect(command).toBe(`npx faultline run --scenario-file '{"base":"rs-death","cluster":{"bugs":["assign-before-log-split"]}}' --seed 1`);
    const json = /--scenario-file '(.*)' --seed/.exec(command)![1]!;
    expect(canonicalJson(loadScenarioFile(json).spec)).toBe(canonicalJson(withBug));
  });

  test('an explicit fault schedule (the library with fast-check) is expressible too, and read back checked', () => {
    const schedule = { version: 1 as const, quietAtMs: rsDeathSpec.durationMs, faults: [{ at: 5_000, fault: { kind: 'crash' as const, target: 'role:any-rs' as const, restartAfterMs: 2_000 } }], triggers: [] };
    const spec = { ...rsDeathSpec, faults: { ...rsDeathSpec.faults, schedule } };
    const command = reproCommand({ scenario: 'rs-death', seed: 3, spec });
    const json = /--scenario-file '(.*)' --seed 3$/.exec(command)![1]!;
    expect(canonicalJson(loadScenarioFile(json).spec)).toBe(canonicalJson(spec));
    const broken = json.replace('role:any-rs', 'rs-99');
    expect(() => loadScenarioFile(broken)).toThrow(/--scenario-file: faults\.schedule: faults\[0\]\.fault\.target.*rs-99/);
  });

  test('a spec no scenario file can say (a field removed) names no wrong command', () => {
    const { quietMs: _dropped, ...spec } = rsDeathSpec;
    expect(scenarioOverrides(rsDeathSpec, spec)).toBeUndefined();
    expect(reproCommand({ scenario: 'rs-death', seed: 2, spec })).toMatch(/^\(no command reproduces seed 2 of rs-death/);
    expect(reproCommand({ scenario: 'rs-death', seed: 2, spec }, 'dir/schedule.json')).toBe('npx faultline run --schedule dir/schedule.json');
  });

  test('scenarioOverrides: nested objects by field, arrays and values whole, nothing when equal', () => {
    expect(scenarioOverrides({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { b: 1, c: [1] }, d: 'x' })).toEqual({ a: { c: [1] } });
    expect(scenarioOverrides({ a: null }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(scenarioOverrides({ a: { b: 1 } }, { d: { b: 1 } })).toBeUndefined();
    expect(scenarioOverrides({ a: 1 }, { a: 1 })).toBeNull();
  });

  test('shellQuote survives a real shell, quotes and all', () => {
    const words = ['plain', 'a b', `it's`, `{"x":"'$HOME' \`ls\`"}`, ''];
    const echoed = spawnSync('sh', ['-c', `printf '%s\\n' ${words.map(shellQuote).join(' ')}`], { encoding: 'utf8' }).stdout;
    expect(echoed).toBe(words.map((w) => `${w}\n`).join(''));
  });
});
