import { beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../runner/cli.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

let dir: string;
let schedule: Record<string, unknown>;
let original: { sha256: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-schedule-'));
  const scenario = join(dir, 'short-failover.json');
  writeFileSync(scenario, JSON.stringify({ base: 'failover', durationMs: 12_000, quietMs: 8_000, finalReadsMs: 6_000, faults: { startMs: 3_000 } }));
  await main(['run', '--scenario-file', scenario, '--seed', '21', '--out', join(dir, 'original')], capture().io);
  schedule = JSON.parse(readFileSync(join(dir, 'original', 'schedule.json'), 'utf8'));
  original = JSON.parse(readFileSync(join(dir, 'original', 'result.json'), 'utf8'));
});

describe('faultline run --schedule', () => {
  test('schedule.json holds the run identity and the resolved faults (no roles left in those that fired)', () => {
    expect(schedule).toMatchObject({ scenario: 'failover', seed: 21, version: 1 });
    const faults = schedule.faults as Array<{ fault: Record<string, unknown> }>;
    // A fault skipped when it came due (its role held by nobody, say) stays as the profile wrote it.
    const skipped = new Set(
      readFileSync(join(dir, 'original', 'trace.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('"fault.skipped"'))
        .map((line) => (JSON.parse(line) as { entry: string }).entry),
    );
    const fired = faults.filter((_, i) => !skipped.has(`faults[${i}]`));
    expect(fired.length).toBeGreaterThan(0);
    for (const f of fired) expect(JSON.stringify(f.fault)).not.toMatch(/"role:/);
  });

  test('a replay from schedule.json alone reproduces the run byte for byte', async () => {
    const { io } = capture();
    await main(['run', '--schedule', join(dir, 'original', 'schedule.json'), '--out', join(dir, 'replay')], io);
    expect(readFileSync(join(dir, 'replay', 'trace.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'original', 'trace.jsonl'), 'utf8'));
    expect(readFileSync(join(dir, 'replay', 'history.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'original', 'history.jsonl'), 'utf8'));
    expect(JSON.parse(readFileSync(join(dir, 'replay', 'result.json'), 'utf8')).sha256).toBe(original.sha256);
  });

  const broken: Array<[string, (s: Record<string, unknown>) => unknown, RegExp]> = [
    ['an unknown fault kind', (s) => ({ ...s, faults: [{ at: 5_000, fault: { kind: 'explode', target: 'rs-1' } }] }), /faults\[0\]\.fault\.kind/],
    ['a target that does not exist', (s) => ({ ...s, faults: [{ at: 5_000, fault: { kind: 'crash', target: 'rs-9', restartAfterMs: null } }] }), /faults\[0\]\.fault\.target.*rs-9/],
    ['a time past the end', (s) => ({ ...s, faults: [{ at: 99_000, fault: { kind: 'crash', target: 'rs-1', restartAfterMs: null } }] }), /faults\[0\]\.at/],
    ['an unknown scenario', (s) => ({ ...s, scenario: 'nope' }), /scenario: unknown scenario 'nope'/],
    ['a bad seed', (s) => ({ ...s, seed: -1 }), /seed: expected a whole number/],
    ['not JSON', () => '{', /not valid JSON/],
    ['another version', (s) => ({ ...s, version: 99 }), /bad-another-version\.json: version: schedule version 99 is not supported \(this faultline reads version 1\)/],
  ];
  test.each(broken)('%s: one line naming the entry, exit 2, nothing written', async (_name, edit, message) => {
    const file = join(dir, `bad-${_name.replaceAll(' ', '-')}.json`);
    const edited = edit(schedule);
    writeFileSync(file, typeof edited === 'string' ? edited : JSON.stringify(edited));
    const { io, err, out } = capture();
    const outDir = join(dir, 'never');
    expect(await main(['run', '--schedule', file, '--out', outDir], io)).toBe(2);
    expect(err.join('')).toMatch(message);
    expect(err.join('').trim().split('\n')).toHaveLength(1);
    expect(out).toEqual([]);
    expect(existsSync(outDir)).toBe(false);
  });

  test('--schedule with --seed is refused (the file records its seed)', async () => {
    const { io, err } = capture();
    expect(await main(['run', '--schedule', join(dir, 'original', 'schedule.json'), '--seed', '3'], io)).toBe(2);
    expect(err.join('')).toMatch(/drop --seed/);
  });
});
